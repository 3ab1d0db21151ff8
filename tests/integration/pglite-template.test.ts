// The embedded database's empty cluster (db/pglite-template.js): made once per
// installed PGlite, copied into an empty data folder, never into a folder that
// holds a cluster, never from another PGlite version's copy, and not at all
// with PGLITE_TEMPLATE=off, and not when it is damaged (PGlite makes the
// cluster then, and the next build makes the template again). Real PGlite
// throughout, in a made-up install root.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  clusterTemplateFile,
  makeClusterTemplate,
  openPglite,
  readClusterTemplate,
} from "../../db/pglite-template.js";

let root: string;

function installPglite(version: string) {
  const dir = path.join(root, "node_modules/@electric-sql/pglite");
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ version }));
}

const newDataFolder = () => fs.mkdtempSync(path.join(root, "data-"));

async function tables(pglite: PGlite) {
  const { rows } = await pglite.query<{ name: string }>(
    "select tablename as name from pg_tables where schemaname = 'public' order by 1",
  );
  return rows.map((r) => r.name);
}

beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "od-pglite-template-"));
});

afterAll(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

describe("the empty cluster's template", () => {
  it("is kept per installed PGlite version, and there is none when the version cannot be read", () => {
    expect(clusterTemplateFile(root)).toBeUndefined();
    installPglite("9.9.1");
    expect(clusterTemplateFile(root)).toBe(
      path.join(root, "node_modules/.cache/one-dialogue/pglite-cluster-9.9.1.tar.gz"),
    );
  });

  it("is made once, whole, and loads as a working cluster", async () => {
    installPglite("9.9.1");
    const first = await makeClusterTemplate(root);
    expect(first.made).toBe(true);
    const file = clusterTemplateFile(root) as string;
    expect(first.file).toBe(file);
    // Written under another name and renamed: nothing partial is left beside it.
    expect(fs.readdirSync(path.dirname(file))).toEqual([path.basename(file)]);
    const written = fs.statSync(file).mtimeMs;

    const again = await makeClusterTemplate(root);
    expect(again).toEqual({ file, made: false, ms: 0 });
    expect(fs.statSync(file).mtimeMs).toBe(written);

    const copy = await PGlite.create({ loadDataDir: new Blob([fs.readFileSync(file)]) });
    const { rows } = await copy.query<{ db: string }>("select current_database() as db");
    expect(rows[0].db).toBe("postgres");
    await copy.close();
  }, 60_000);

  it("is copied into an empty folder, and a folder holding a cluster is opened as it is", async () => {
    installPglite("9.9.2");
    // A template with a table in it, so that a copy can be told from a cluster PGlite made.
    const marked = await PGlite.create();
    await marked.exec("create table made_by_the_template (id int)");
    const dump = await marked.dumpDataDir("gzip");
    await marked.close();
    const file = clusterTemplateFile(root) as string;
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, Buffer.from(await dump.arrayBuffer()));

    const dataDir = newDataFolder();
    const copied = openPglite(dataDir, { root });
    expect(copied.start).toBe("copied");
    expect(await tables(copied.pglite)).toEqual(["made_by_the_template"]);
    await copied.pglite.exec("insert into made_by_the_template values (7)");
    await copied.pglite.close();

    // The folder now holds a cluster: opened as it is, what was written kept, nothing copied over it.
    const opened = openPglite(dataDir, { root });
    expect(opened.start).toBe("opened");
    const { rows } = await opened.pglite.query<{ id: number }>("select id from made_by_the_template");
    expect(rows).toEqual([{ id: 7 }]);
    await opened.pglite.close();

    // The template is not used with PGLITE_TEMPLATE=off: PGlite makes the cluster itself.
    const off = openPglite(newDataFolder(), { root, template: false });
    expect(off.start).toBe("created");
    expect(await tables(off.pglite)).toEqual([]);
    await off.pglite.close();
  }, 60_000);

  it("is not copied by another version of PGlite", async () => {
    // 9.9.2's template is still in the cache folder; the installed PGlite is now 9.9.3.
    installPglite("9.9.3");
    expect(
      fs.existsSync(path.join(root, "node_modules/.cache/one-dialogue/pglite-cluster-9.9.2.tar.gz")),
    ).toBe(true);
    const other = openPglite(newDataFolder(), { root });
    expect(other.start).toBe("created");
    expect(await tables(other.pglite)).toEqual([]);
    await other.pglite.close();
  }, 60_000);

  it("is not copied when damaged on disk: PGlite makes the cluster, and the next build makes it again", async () => {
    installPglite("9.9.4");
    const file = clusterTemplateFile(root) as string;
    expect((await makeClusterTemplate(root)).made).toBe(true);
    const whole = fs.readFileSync(file);

    // Cut short, as by a full disk; then whole in length but one byte changed (its bits flipped:
    // writing a fixed value left the file as it was whenever that byte already held it).
    const changed = Buffer.from(whole);
    changed[2_000] ^= 0xff;
    const damaged = [whole.subarray(0, Math.floor(whole.length / 2)), changed];
    for (const bytes of damaged) {
      fs.writeFileSync(file, bytes);
      const dataDir = newDataFolder();
      const opened = openPglite(dataDir, { root });
      expect(opened.start).toBe("created");
      expect(opened.problem).toMatch(/^pglite-cluster-9\.9\.4\.tar\.gz could not be read \(.+\)$/);
      // A working, empty cluster, and the folder is one: the next start opens it.
      await opened.pglite.exec("create table written (id int)");
      await opened.pglite.close();
      const again = openPglite(dataDir, { root });
      expect(again.start).toBe("opened");
      expect(await tables(again.pglite)).toEqual(["written"]);
      await again.pglite.close();

      const remade = await makeClusterTemplate(root);
      expect(remade.made).toBe(true);
      expect(readClusterTemplate(file)).toHaveProperty("tar");
      const copied = openPglite(newDataFolder(), { root });
      expect(copied.start).toBe("copied");
      expect(copied.problem).toBeUndefined();
      expect(await tables(copied.pglite)).toEqual([]);
      await copied.pglite.close();
    }
  }, 120_000);
});
