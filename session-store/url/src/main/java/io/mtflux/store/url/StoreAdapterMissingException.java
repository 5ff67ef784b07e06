package io.mtflux.store.url;

/** A session store value whose adapter is not on the class path; the message names the artifact to add. */
public final class StoreAdapterMissingException extends SessionStoreUrlException {
    private static final long serialVersionUID = 1L;

    /** The missing artifact (part of the serialized form). */
    private final String artifactId;

    /**
     * An exception for a value of {@code form} that needs {@code artifactId}.
     *
     * @param form the form of the value
     * @param shown the value as it may be shown (without user name and password)
     * @param artifactId the missing artifact, e.g. {@code mtflux-session-store-redis}
     */
    public StoreAdapterMissingException(StoreForm form, String shown, String artifactId) {
        super("the session store " + shown + " (" + form.name().toLowerCase(java.util.Locale.ROOT)
            + ") needs io.mtflux:" + artifactId + " on the class path");
        this.artifactId = artifactId;
    }

    /** {@return the artifact id of the missing adapter (group {@code io.mtflux})} */
    public String artifactId() {
        return artifactId;
    }
}
