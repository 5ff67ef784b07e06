package io.mtflux.spring.boot;

import io.mtflux.store.url.SessionStoreUrlException;
import io.mtflux.store.url.SessionStores;
import io.mtflux.store.url.StoreSecrets;
import java.time.Duration;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.core.io.Resource;

/**
 * The {@code mtflux.*} properties. Checked when bound: a bad combination fails the application's startup with a
 * {@link MtfluxPropertiesException}. {@code toString()} never shows the api_hash, the session passphrase or key,
 * or a password in the session URL.
 */
@ConfigurationProperties("mtflux")
public class MtfluxProperties implements InitializingBean {
    /** The TCP framings of {@code mtflux.transport}. */
    public enum Transport {
        /** Abridged framing. */
        ABRIDGED,
        /** Intermediate framing (the default). */
        INTERMEDIATE,
        /** Padded intermediate framing. */
        PADDED,
        /** Full framing (with sequence numbers and CRC32). */
        FULL
    }

    /** The app's api_id from my.telegram.org; with mtflux.api-hash, an MtprotoClient bean is configured. */
    private Integer apiId;

    /** The app's api_hash from my.telegram.org (a secret: never logged). */
    private String apiHash;

    /** An MTProto server as HOST:PORT, instead of Telegram's DCs (with mtflux.dc-id and mtflux.rsa-public-key). */
    private String server;

    /** The DC id of mtflux.server. */
    private int dcId = 2;

    /**
     * The RSA public key (PEM) mtflux.server proves itself with, as a resource location (file:..., classpath:...);
     * unset: Telegram's production keys.
     */
    private Resource rsaPublicKey;

    /** Whether to use Telegram's test DCs instead of the production ones. */
    private boolean testDcs;

    /** The TCP framing. */
    private Transport transport = Transport.INTERMEDIATE;

    /** Whether the TCP connection is obfuscated (obfuscated2), as MTProxy and censored networks need. */
    private boolean obfuscated;

    /** The account id of the client bean's session in the session store. */
    private String accountId = "default";

    /** Where sessions are kept. */
    private final Session session = new Session();

    /** The accounts runtime (mtflux-accounts). */
    private final Accounts accounts = new Accounts();

    /** The session store: {@code mtflux.session.*}. */
    public static class Session {
        /**
         * The store as one value, as the command-line tools take it: a directory (a file per account), a file,
         * string:, r2dbc:postgresql://..., r2dbc:h2:..., redis://...; unset: in memory.
         */
        private String url;

        /** The passphrase that encrypts session files (a secret). */
        private String passphrase;

        /** The AES-256 key (64 hex digits) that seals auth keys in a database or Redis (a secret). */
        private String key;

        /** {@return the store value; null: in memory} */
        public String getUrl() {
            return url;
        }

        /**
         * Sets the store value.
         *
         * @param url a path, string:, r2dbc:... or redis://...
         */
        public void setUrl(String url) {
            this.url = url;
        }

        /** {@return the passphrase of session files, or null} */
        public String getPassphrase() {
            return passphrase;
        }

        /**
         * Sets the passphrase of session files.
         *
         * @param passphrase the passphrase (a secret)
         */
        public void setPassphrase(String passphrase) {
            this.passphrase = passphrase;
        }

        /** {@return the key of database and Redis sessions (64 hex digits), or null} */
        public String getKey() {
            return key;
        }

        /**
         * Sets the key of database and Redis sessions.
         *
         * @param key 64 hex digits (a secret)
         */
        public void setKey(String key) {
            this.key = key;
        }

        /**
         * {@return the secrets of these properties}
         *
         * @throws MtfluxPropertiesException for a key that is not 64 hex digits
         */
        public StoreSecrets secrets() {
            StoreSecrets secrets = StoreSecrets.none();
            if (passphrase != null && !passphrase.isEmpty()) {
                secrets = secrets.passphrase(passphrase.toCharArray());
            }
            if (key != null && !key.isEmpty()) {
                try {
                    secrets = secrets.key("mtflux.session.key", key);
                } catch (SessionStoreUrlException e) {
                    throw new MtfluxPropertiesException(e.getMessage());
                }
            }
            return secrets;
        }

        @Override
        public String toString() {
            return "Session{url=" + (url == null ? "memory" : SessionStores.redacted(url)) + ", passphrase="
                + (passphrase == null ? "none" : "set") + ", key=" + (key == null ? "none" : "set") + "}";
        }
    }

    /** The accounts runtime: {@code mtflux.accounts.*}. */
    public static class Accounts {
        /** Whether to configure an AccountManager bean (needs mtflux-accounts on the class path). */
        private boolean enabled;

        /** This instance's name, the holder of its leases; unset: mtflux-PID-RANDOM. */
        private String instance;

        /** The ttl of each account lease; unset: no leases (one instance owns the store). */
        private Duration leaseTtl;

        /** How long an authorized account goes without a call before it is parked; unset: never. */
        private Duration idleParkAfter;

        /** Whether the manager serves every account the store lists. */
        private boolean serveStore;

        /** {@return whether the AccountManager bean is configured} */
        public boolean isEnabled() {
            return enabled;
        }

        /**
         * Sets whether the AccountManager bean is configured.
         *
         * @param enabled true to configure it
         */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        /** {@return the instance name, or null for the default} */
        public String getInstance() {
            return instance;
        }

        /**
         * Sets the instance name.
         *
         * @param instance the holder name of this instance's leases
         */
        public void setInstance(String instance) {
            this.instance = instance;
        }

        /** {@return the lease ttl, or null for no leases} */
        public Duration getLeaseTtl() {
            return leaseTtl;
        }

        /**
         * Sets the lease ttl.
         *
         * @param leaseTtl the ttl of each account lease
         */
        public void setLeaseTtl(Duration leaseTtl) {
            this.leaseTtl = leaseTtl;
        }

        /** {@return the idle time before an account is parked, or null for never} */
        public Duration getIdleParkAfter() {
            return idleParkAfter;
        }

        /**
         * Sets the idle time before an account is parked.
         *
         * @param idleParkAfter how long an authorized account goes without a call before it is parked
         */
        public void setIdleParkAfter(Duration idleParkAfter) {
            this.idleParkAfter = idleParkAfter;
        }

        /** {@return whether the manager serves every account the store lists} */
        public boolean isServeStore() {
            return serveStore;
        }

        /**
         * Sets whether the manager serves every account the store lists.
         *
         * @param serveStore true to serve the store's accounts
         */
        public void setServeStore(boolean serveStore) {
            this.serveStore = serveStore;
        }

        @Override
        public String toString() {
            return "Accounts{enabled=" + enabled + ", instance=" + instance + ", leaseTtl=" + leaseTtl
                + ", idleParkAfter=" + idleParkAfter + ", serveStore=" + serveStore + "}";
        }
    }

    /** Properties with every default. */
    public MtfluxProperties() {
    }

    /**
     * Checks the combination of the bound values.
     *
     * @throws MtfluxPropertiesException for values that do not go together or are malformed (the message names the
     *     property and shows no secret)
     */
    @Override
    public void afterPropertiesSet() {
        boolean hasHash = apiHash != null && !apiHash.isEmpty();
        if (apiId != null && !hasHash) {
            throw new MtfluxPropertiesException("mtflux.api-id is set but mtflux.api-hash is not: set both, or"
                + " neither");
        }
        if (apiId == null && hasHash) {
            throw new MtfluxPropertiesException("mtflux.api-hash is set but mtflux.api-id is not: set both, or"
                + " neither");
        }
        if (apiId != null && apiId <= 0) {
            throw new MtfluxPropertiesException("mtflux.api-id must be a positive number, got " + apiId);
        }
        if (server != null) {
            MtfluxConnection.endpoint(server, dcId);
            if (testDcs) {
                throw new MtfluxPropertiesException("mtflux.server and mtflux.test-dcs do not go together");
            }
        } else if (rsaPublicKey != null) {
            throw new MtfluxPropertiesException("mtflux.rsa-public-key goes with mtflux.server");
        }
        if (session.url != null) {
            try {
                SessionStores.formOf(session.url);
            } catch (SessionStoreUrlException e) {
                throw new MtfluxPropertiesException("mtflux.session.url " + e.getMessage());
            }
        }
        session.secrets();
        if (accounts.leaseTtl != null && (accounts.leaseTtl.isZero() || accounts.leaseTtl.isNegative())) {
            throw new MtfluxPropertiesException("mtflux.accounts.lease-ttl must be positive, got "
                + accounts.leaseTtl);
        }
    }

    /** {@return the api_id, or null when unset} */
    public Integer getApiId() {
        return apiId;
    }

    /**
     * Sets the api_id.
     *
     * @param apiId the app's api_id
     */
    public void setApiId(Integer apiId) {
        this.apiId = apiId;
    }

    /** {@return the api_hash (a secret), or null when unset} */
    public String getApiHash() {
        return apiHash;
    }

    /**
     * Sets the api_hash.
     *
     * @param apiHash the app's api_hash (a secret)
     */
    public void setApiHash(String apiHash) {
        this.apiHash = apiHash;
    }

    /** {@return the server as HOST:PORT, or null for Telegram's DCs} */
    public String getServer() {
        return server;
    }

    /**
     * Sets the server.
     *
     * @param server HOST:PORT of an MTProto server
     */
    public void setServer(String server) {
        this.server = server;
    }

    /** {@return the DC id of the server} */
    public int getDcId() {
        return dcId;
    }

    /**
     * Sets the DC id of the server.
     *
     * @param dcId the DC id
     */
    public void setDcId(int dcId) {
        this.dcId = dcId;
    }

    /** {@return the RSA public key of the server, or null for Telegram's production keys} */
    public Resource getRsaPublicKey() {
        return rsaPublicKey;
    }

    /**
     * Sets the RSA public key of the server.
     *
     * @param rsaPublicKey a PEM resource
     */
    public void setRsaPublicKey(Resource rsaPublicKey) {
        this.rsaPublicKey = rsaPublicKey;
    }

    /** {@return whether Telegram's test DCs are used} */
    public boolean isTestDcs() {
        return testDcs;
    }

    /**
     * Sets whether Telegram's test DCs are used.
     *
     * @param testDcs true for the test DCs
     */
    public void setTestDcs(boolean testDcs) {
        this.testDcs = testDcs;
    }

    /** {@return the TCP framing} */
    public Transport getTransport() {
        return transport;
    }

    /**
     * Sets the TCP framing.
     *
     * @param transport the framing
     */
    public void setTransport(Transport transport) {
        this.transport = transport;
    }

    /** {@return whether the TCP connection is obfuscated} */
    public boolean isObfuscated() {
        return obfuscated;
    }

    /**
     * Sets whether the TCP connection is obfuscated.
     *
     * @param obfuscated true for obfuscated2
     */
    public void setObfuscated(boolean obfuscated) {
        this.obfuscated = obfuscated;
    }

    /** {@return the account id of the client bean} */
    public String getAccountId() {
        return accountId;
    }

    /**
     * Sets the account id of the client bean.
     *
     * @param accountId the account id in the session store
     */
    public void setAccountId(String accountId) {
        this.accountId = accountId;
    }

    /** {@return the session store properties} */
    public Session getSession() {
        return session;
    }

    /** {@return the accounts runtime properties} */
    public Accounts getAccounts() {
        return accounts;
    }

    @Override
    public String toString() {
        return "MtfluxProperties{apiId=" + apiId + ", apiHash=" + (apiHash == null ? "none" : "<hidden>")
            + ", server=" + server + ", dcId=" + dcId + ", rsaPublicKey=" + rsaPublicKey + ", testDcs=" + testDcs
            + ", transport=" + transport + ", obfuscated=" + obfuscated + ", accountId=" + accountId + ", "
            + session + ", " + accounts + "}";
    }
}
