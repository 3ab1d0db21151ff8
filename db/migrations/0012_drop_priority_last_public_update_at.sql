-- A priority's "last public news" is read from its public updates wherever it is shown; this copy of
-- it was written on every public update (holding the priority's row until commit) and read by nothing.
ALTER TABLE "priorities" DROP COLUMN "last_public_update_at";