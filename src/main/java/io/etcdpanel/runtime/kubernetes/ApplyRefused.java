package io.etcdpanel.runtime.kubernetes;

/**
 * The API server refused an object as invalid (422). When the object changes a StatefulSet field
 * Kubernetes never updates ({@link #immutableField()}: the selector, the volume claim templates), the
 * StatefulSet must be replaced with its pods kept, or the change refused: applying again cannot help.
 */
public class ApplyRefused extends RuntimeException {

    private final boolean immutableField;

    public ApplyRefused(String object, String reason, boolean immutableField, Throwable cause) {
        super("the API server refused " + object + ": " + reason, cause);
        this.immutableField = immutableField;
    }

    public boolean immutableField() {
        return immutableField;
    }
}
