package io.mtflux.samples;

import io.mtflux.store.url.SessionStores;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The console CLI's command line, parsed and checked: {@code --api-id N --api-hash H [--store URL] [--port N]
 * [--host ADDR] [--token T]} and the connection flags ({@link ConnectionFlags}: {@code --server HOST:PORT --dc-id N
 * --rsa-public-key FILE}, {@code --test-dcs}, ...), kept as given and read by {@link #connection()}. Immutable;
 * {@code toString()} shows neither the api_hash nor the token.
 */
final class ConsoleCliOptions {
    /** The address the console binds to without {@code --host}. */
    static final String DEFAULT_HOST = "127.0.0.1";
    private static final Set<String> OWN = Set.of("--store", "--api-id", "--api-hash", "--port", "--host",
        "--token");
    private static final Set<String> VALUED = Flags.union(ConnectionFlags.VALUED, OWN);
    /** What {@code ConsoleOptions.Builder.token} takes. */
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{16,}");

    private final String store;
    private final ApiCredentials credentials;
    private final String host;
    private final int port;
    private final String token;
    private final Map<String, String> connectionFlags;

    private ConsoleCliOptions(String store, ApiCredentials credentials, String host, int port, String token,
                              Map<String, String> connectionFlags) {
        this.store = store;
        this.credentials = credentials;
        this.host = host;
        this.port = port;
        this.token = token;
        this.connectionFlags = Map.copyOf(connectionFlags);
    }

    /**
     * The options of {@code args}; {@code MTFLUX_API_ID}, {@code MTFLUX_API_HASH} and {@code MTFLUX_CONSOLE_TOKEN}
     * of {@code env} stand in for missing {@code --api-id}, {@code --api-hash} and {@code --token}.
     *
     * @throws UsageException for an unknown flag, a missing value, missing API credentials, a bad number or port,
     *     a blank host or a token of the wrong shape (the message never shows it)
     */
    static ConsoleCliOptions parse(String[] args, Map<String, String> env) {
        Map<String, String> flags = Flags.parse(args, 0, VALUED, ConnectionFlags.SWITCHES);
        ApiCredentials credentials = ApiCredentials.required(flags, env);
        String store = flags.get("--store");
        if (store != null && store.isBlank()) {
            throw new UsageException("--store must not be blank: a directory, an r2dbc: URL or a redis:// URL");
        }
        String host = flags.getOrDefault("--host", DEFAULT_HOST);
        if (host.isBlank()) {
            throw new UsageException("--host must be an address or a host name, got a blank one");
        }
        int port = 0;
        if (flags.containsKey("--port")) {
            port = Flags.intFlag("--port", flags.get("--port"));
            if (port < 0 || port > 65_535) {
                throw new UsageException("--port must be 0..65535 (0: any free port), got " + port);
            }
        }
        String token = flags.getOrDefault("--token", env.get("MTFLUX_CONSOLE_TOKEN"));
        if (token != null && !TOKEN.matcher(token).matches()) {
            throw new UsageException("--token needs at least 16 characters of A-Z, a-z, 0-9, '_' and '-'");
        }
        flags.keySet().removeAll(OWN);
        return new ConsoleCliOptions(store, credentials, host, port, token, flags);
    }

    /** The {@code --store} value, or null for the in-memory store. */
    String store() {
        return store;
    }

    /** The API credentials of new accounts and of stored sessions that saved none. */
    ApiCredentials credentials() {
        return credentials;
    }

    /** The address the console binds to. */
    String host() {
        return host;
    }

    /** The port, 0 for any free one. */
    int port() {
        return port;
    }

    /** The console's access token (a secret), or null for a random one. */
    String token() {
        return token;
    }

    /**
     * The DCs and transport the connection flags select.
     *
     * @throws UsageException for a bad value or an unreadable file
     */
    ConnectionFlags.Connection connection() {
        return ConnectionFlags.of(connectionFlags);
    }

    @Override
    public String toString() {
        return "ConsoleCliOptions{store=" + (store == null ? "memory" : SessionStores.redacted(store))
            + ", host=" + host + ", port=" + port + ", token=" + (token == null ? "random" : "<hidden>") + ", "
            + credentials
            + ", connection=" + connectionFlags.keySet() + "}";
    }
}
