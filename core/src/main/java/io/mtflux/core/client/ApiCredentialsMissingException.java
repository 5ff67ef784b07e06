package io.mtflux.core.client;

/**
 * Neither the {@link ClientOptions} nor the stored session of the account have an api_id and api_hash: a client
 * built without credentials can only restart a session that saved them at its login.
 */
public final class ApiCredentialsMissingException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /** The account whose session has no credentials. */
    private final String accountId;

    /**
     * Creates the exception; its message tells how to give the credentials.
     *
     * @param accountId the account whose session has no credentials
     */
    public ApiCredentialsMissingException(String accountId) {
        super("no API credentials for account '" + accountId + "': the options have no apiId/apiHash and the stored"
            + " session has none either (they are saved at the first login); give them with ClientOptions.Builder"
            + ".apiId(..).apiHash(..)");
        this.accountId = accountId;
    }

    /** {@return the account whose session has no credentials} */
    public String accountId() {
        return accountId;
    }
}
