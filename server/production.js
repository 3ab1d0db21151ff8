// Imported first by server.js and scripts/start.mjs: the server is the
// production server however it is started, so React's production build is
// loaded and no development-only page (such as /dev/mail) is served. Its own
// module, so that it runs before any import that reads NODE_ENV.
process.env.NODE_ENV ||= "production";
