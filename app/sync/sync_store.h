/* sync_store.h — the upload engine's outbox backed by the kiosk's store
 * (app/store): pending filings, failures and acknowledgements on the real
 * SQLite file.
 *
 * The adapter uses the program's one store handle (store.h: one writer per
 * database; the handle's lock lets the engine thread share it with the UI).
 * Once a day, on the engine thread, it purges the drafts older than the
 * store's keep time (store_draft_expire). A filing the platform refused for
 * good is held (store_filing_hold, the platform's code and message as the
 * reason): not retried, not holding back that villager's later filings, and
 * listed on the technician's upload-queue page, where a technician resubmits
 * it (store_filing_resubmit) or discards it (sync_store_discard).
 *
 * Attachments: the signature and consent images and the photos of documents
 * a payload names (<data>/signatures/sig-<hex>.png, <data>/consent/<uuid>.png,
 * <data>/photos/photo-<hex>.jpg; the data folder is the database's folder)
 * go up before their filing
 * (outbox.attachment reads them and checks their sha256 against the frozen
 * body's "attachments", which sync_store_body() wrote at confirm). When the
 * platform acknowledges a filing, the store keeps the receipt and purges the
 * payload (committed to disk when store_filing_ack returns), and only then
 * does the adapter delete the images the payload named — each only if no
 * draft or other pending filing still names it. sync_store_sweep_images()
 * removes what a crash between those two steps left behind; once a day the
 * adapter removes the images a day old that nothing names (a draft takes its
 * own images with it when the store deletes it: store.h, images).
 *
 * Integrity: the adapter hands the engine each filing's frozen request body
 * and its stored sha256, and records a hold (store_filing_hold) when the
 * engine finds them apart.
 *
 * The adapter also takes the platform's agents replies into the store's agents
 * cache (store_agents_replace_reply), so proxy agents can sign in offline.
 *
 * Ownership: sync_store_outbox_open() fills *ob; release it with
 * sync_store_outbox_close(), after the engine using it was freed and before
 * the store handle is closed (the caller keeps owning the handle).
 */
#ifndef CZ_SYNC_STORE_H
#define CZ_SYNC_STORE_H

#include "store/store.h"
#include "sync/sync.h"

/* The store's body builder (store_set_body_fn): the exact POST filings body
 * of PROTOCOL.md for a filing being confirmed, with an "attachments" entry
 * (name, sha256, type, size) for every image its payload names. ud is the
 * data folder (const char *, kept by the caller) the images are read from;
 * an image that cannot be read, or is not a PNG or JPEG, makes the build
 * fail (the confirm is refused, the draft stays). Set on the store that
 * confirms filings (boot.c's, the one handle); the outbox adapter does not
 * set it. */
char *sync_store_body(const store_envelope *e, void *ud);

/* Deletes the images in the data folder (signatures/, consent/, photos/) that no
 * draft and no pending filing names: what a power cut between an
 * acknowledgement and the deletion of its images left, and images a power
 * cut caught half written (their temporary files). Run at start, before
 * any screen can save a new image (boot.c). *removed (may be NULL) gets how
 * many went. A STORE_ code. */
int sync_store_sweep_images(const sync_outbox *ob, int *removed);

/* An outbox over the open handle st of the database file at path (its folder
 * is the data folder). Returns a STORE_ code (0 on success). */
int sync_store_outbox_open(store *st, const char *path, sync_outbox *ob);
void sync_store_outbox_close(sync_outbox *ob);

/* A technician discards a held filing: store_filing_discard (its payload and
 * frozen body deleted, an audit row by actor_id), then the signature and
 * consent images it named are deleted from the data folder (db_path's
 * folder), as at an acknowledgement. A STORE_ code. */
int sync_store_discard(store *st, const char *db_path, const char *uuid, const char *actor_id);

#endif
