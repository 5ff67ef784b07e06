package io.mtflux.samples;

import io.mtflux.store.url.SessionStores;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The accounts CLI's command line, parsed and checked: {@code run --store URL [--instance NAME] [--lease-ttl
 * DURATION] [--api-id N --api-hash H] [the connection flags]}. Immutable; {@code toString()} never shows the
 * api_hash. The connection flags ({@link ConnectionFlags}) are kept as given and read by {@link #connection()}.
 */
final class AccountsCliOptions {
    /** The only command. */
    static final String RUN = "run";
    /** The lease ttl without {@code --lease-ttl}. */
    static final Duration DEFAULT_LEASE_TTL = Duration.ofSeconds(30);
    /** The shortest lease ttl (the accounts runtime's own lower bound). */
    static final Duration MIN_LEASE_TTL = Duration.ofMillis(100);
    private static final Set<String> VALUED = Flags.union(ConnectionFlags.VALUED, Set.of("--store", "--instance",
        "--lease-ttl", "--api-id", "--api-hash"));
    private static final Pattern SIMPLE_DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h)");

    private final String store;
    private final String instance;
    private final Duration leaseTtl;
    private final int apiId;
    private final String apiHash;
    private final Map<String, String> connectionFlags;

    private AccountsCliOptions(String store, String instance, Duration leaseTtl, int apiId, String apiHash,
                               Map<String, String> connectionFlags) {
        this.store = store;
        this.instance = instance;
        this.leaseTtl = leaseTtl;
        this.apiId = apiId;
        this.apiHash = apiHash;
        this.connectionFlags = Map.copyOf(connectionFlags);
    }

    /**
     * The options of {@code args}; {@code MTFLUX_API_ID} and {@code MTFLUX_API_HASH} of {@code env} stand in for
     * missing {@code --api-id} and {@code --api-hash}.
     *
     * @throws UsageException for no or an unknown command, an unknown flag, a missing value or {@code --store}, a
     *     bad number, duration or instance name, or only one of the API credentials
     */
    static AccountsCliOptions parse(String[] args, Map<String, String> env) {
        if (args.length == 0) {
            throw new UsageException("no command (the command is 'run')");
        }
        if (!args[0].equals(RUN)) {
            throw new UsageException(args[0].startsWith("-") ? "the command comes first: run --store URL ..."
                : "unknown command '" + Flags.shown(args[0]) + "' (the command is 'run')");
        }
        Map<String, String> flags = Flags.parse(args, 1, VALUED, ConnectionFlags.SWITCHES);
        String store = flags.get("--store");
        if (store == null || store.isBlank()) {
            throw new UsageException("--store URL is required: a directory, an r2dbc: URL or a redis:// URL");
        }
        String instance = flags.containsKey("--instance") ? instance(flags.get("--instance")) : defaultInstance();
        Duration ttl = flags.containsKey("--lease-ttl") ? duration("--lease-ttl", flags.get("--lease-ttl"))
            : DEFAULT_LEASE_TTL;
        if (ttl.compareTo(MIN_LEASE_TTL) < 0) {
            throw new UsageException("--lease-ttl must be at least 100ms, got " + flags.get("--lease-ttl"));
        }
        ApiCredentials credentials = ApiCredentials.parse(flags, env);
        int apiId = credentials == null ? 0 : credentials.apiId();
        String hash = credentials == null ? null : credentials.apiHash();
        flags.keySet().retainAll(Flags.union(ConnectionFlags.VALUED, ConnectionFlags.SWITCHES));
        return new AccountsCliOptions(store, instance, ttl, apiId, hash, flags);
    }

    /**
     * A duration: ISO-8601 ({@code PT10S}, {@code PT0.5S}, {@code PT2M}, {@code P1D}; any case) or a whole number
     * with a unit, {@code ms}, {@code s}, {@code m} or {@code h} ({@code 500ms}, {@code 10s}, {@code 2m}); positive.
     *
     * @throws UsageException for anything else
     */
    static Duration duration(String flag, String value) {
        Duration d;
        Matcher simple = SIMPLE_DURATION.matcher(value);
        if (simple.matches()) {
            long n = Long.parseLong(simple.group(1));
            d = switch (simple.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofHours(n);
            };
        } else if (value.toUpperCase(Locale.ROOT).startsWith("P")) {
            try {
                d = Duration.parse(value);
            } catch (DateTimeParseException e) {
                throw badDuration(flag, value);
            }
        } else {
            throw badDuration(flag, value);
        }
        if (d.isZero() || d.isNegative()) {
            throw new UsageException(flag + " must be positive, got " + Flags.shown(value));
        }
        return d;
    }

    private static UsageException badDuration(String flag, String value) {
        return new UsageException(flag + " must be an ISO-8601 duration (PT10S) or a whole number with ms, s, m or h"
            + " (500ms, 10s, 2m), got '" + Flags.shown(value) + "'");
    }

    /**
     * An instance name: 1 to 200 characters, no control characters, not blank.
     *
     * @throws UsageException for another
     */
    static String instance(String value) {
        if (value.isBlank() || value.length() > 200 || value.chars().anyMatch(Character::isISOControl)) {
            throw new UsageException("--instance must be 1 to 200 characters without control characters, not blank");
        }
        return value;
    }

    /** {@code HOST-PID}: the host name ({@code HOSTNAME}, else the local host's name) and this process's id. */
    static String defaultInstance() {
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) {
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException | RuntimeException e) {
                host = "localhost";
            }
        }
        return instance(host.strip() + "-" + ProcessHandle.current().pid());
    }

    /** The {@code --store} value. */
    String store() {
        return store;
    }

    /** This instance's name, the holder of its leases. */
    String instance() {
        return instance;
    }

    /** The ttl of every lease. */
    Duration leaseTtl() {
        return leaseTtl;
    }

    /** Whether API credentials were given (for sessions that saved none). */
    boolean hasApiCredentials() {
        return apiHash != null;
    }

    /** The given api_id (0 when none). */
    int apiId() {
        return apiId;
    }

    /** The given api_hash (a secret), or null. */
    String apiHash() {
        return apiHash;
    }

    /**
     * The DCs and transport the connection flags select.
     *
     * @throws UsageException for a bad value or an unreadable file
     */
    ConnectionFlags.Connection connection() {
        return ConnectionFlags.of(connectionFlags);
    }

    /** The connection flags as given. */
    Map<String, String> connectionFlags() {
        return connectionFlags;
    }

    @Override
    public String toString() {
        return "AccountsCliOptions{store=" + SessionStores.redacted(store) + ", instance=" + instance + ", leaseTtl="
            + leaseTtl + (apiHash == null ? "" : ", apiId=" + apiId + ", apiHash=<redacted>") + ", connection="
            + connectionFlags.keySet() + "}";
    }
}
