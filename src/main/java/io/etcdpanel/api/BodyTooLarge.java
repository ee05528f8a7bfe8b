package io.etcdpanel.api;

/** A JSON request body over {@link StrictBodies#LIMIT}; nothing of it was acted on. */
class BodyTooLarge extends RuntimeException {

    BodyTooLarge() {
        super("the JSON body is larger than 1 MiB: send a smaller one (a snapshot file goes to "
                + "POST /api/v1/clusters/{name}/snapshots/import as application/octet-stream, which has no such limit)");
    }
}
