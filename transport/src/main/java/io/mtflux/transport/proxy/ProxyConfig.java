package io.mtflux.transport.proxy;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import reactor.netty.tcp.TcpClient;
import reactor.netty.transport.ProxyProvider;

/**
 * A SOCKS4/4a, SOCKS5 or HTTP CONNECT proxy to reach the DC through, applied with Netty's proxy handlers
 * (Reactor Netty's {@link ProxyProvider}). The target host name is passed to the proxy unresolved.
 * Immutable; the password never appears in {@link #toString()}.
 */
public final class ProxyConfig {

    /** Proxy protocol. */
    public enum Type {
        /** SOCKS4 / SOCKS4a (user id only). */
        SOCKS4,
        /** SOCKS5, optionally with username/password authentication. */
        SOCKS5,
        /** HTTP CONNECT, optionally with Basic authentication. */
        HTTP
    }

    private final Type type;
    private final String host;
    private final int port;
    private final String username;
    private final String password;
    private final Duration connectTimeout;

    private ProxyConfig(Type type, String host, int port, String username, String password, Duration connectTimeout) {
        this.type = Objects.requireNonNull(type, "type");
        this.host = Objects.requireNonNull(host, "host");
        if (port <= 0 || port > 65535) {
            throw new IllegalArgumentException("proxy port out of range: " + port);
        }
        this.port = port;
        this.username = username;
        this.password = password;
        this.connectTimeout = connectTimeout;
    }

    /**
     * A proxy from its URL: {@code socks5://HOST:PORT}, {@code socks4://HOST:PORT} or {@code http://HOST:PORT}, with
     * {@code USER:PASSWORD@} before the host for a proxy that asks for them. The message of the exception says
     * what was expected and never holds the user info.
     *
     * @param url the proxy's URL
     * @return the config
     * @throws IllegalArgumentException if the URL is not of these forms or its port is not from 1 to 65535
     */
    public static ProxyConfig parse(String url) {
        URI uri;
        try {
            uri = URI.create(Objects.requireNonNull(url, "url"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a proxy URL (socks5://, socks4:// or http://HOST:PORT)");
        }
        if (uri.getHost() == null && uri.getRawAuthority() != null
            && uri.getRawAuthority().matches(".*:[0-9]{6,}")) {
            throw new IllegalArgumentException("the port must be from 1 to 65535"); // too large for the URI's int
        }
        String scheme = String.valueOf(uri.getScheme());
        if (!scheme.equals("socks5") && !scheme.equals("socks4") && !scheme.equals("http")) {
            throw new IllegalArgumentException("must be socks5://, socks4:// or http://HOST:PORT");
        }
        if (uri.getHost() == null || uri.getPort() == -1) {
            throw new IllegalArgumentException("needs a host and a port");
        }
        if (uri.getPort() < 1 || uri.getPort() > 65535) {
            throw new IllegalArgumentException("the port must be from 1 to 65535, got " + uri.getPort());
        }
        ProxyConfig config = switch (scheme) {
            case "socks5" -> socks5(uri.getHost(), uri.getPort());
            case "socks4" -> socks4(uri.getHost(), uri.getPort());
            default -> http(uri.getHost(), uri.getPort());
        };
        if (uri.getUserInfo() != null) {
            String[] userPass = uri.getUserInfo().split(":", 2);
            config = config.credentials(userPass[0], userPass.length > 1 ? userPass[1] : "");
        }
        return config;
    }

    /**
     * A SOCKS5 proxy without authentication.
     *
     * @param host proxy host
     * @param port proxy port
     * @return the config
     */
    public static ProxyConfig socks5(String host, int port) {
        return new ProxyConfig(Type.SOCKS5, host, port, null, null, null);
    }

    /**
     * A SOCKS4/4a proxy.
     *
     * @param host proxy host
     * @param port proxy port
     * @return the config
     */
    public static ProxyConfig socks4(String host, int port) {
        return new ProxyConfig(Type.SOCKS4, host, port, null, null, null);
    }

    /**
     * An HTTP CONNECT proxy.
     *
     * @param host proxy host
     * @param port proxy port
     * @return the config
     */
    public static ProxyConfig http(String host, int port) {
        return new ProxyConfig(Type.HTTP, host, port, null, null, null);
    }

    /**
     * The same proxy with credentials (SOCKS5 username/password, HTTP Basic, SOCKS4 user id).
     *
     * @param user user name
     * @param pass password (ignored by SOCKS4)
     * @return a new config
     */
    public ProxyConfig credentials(String user, String pass) {
        return new ProxyConfig(type, host, port, Objects.requireNonNull(user, "user"), pass, connectTimeout);
    }

    /**
     * The same proxy with a timeout for the proxy's own handshake.
     *
     * @param timeout the timeout
     * @return a new config
     */
    public ProxyConfig connectTimeout(Duration timeout) {
        return new ProxyConfig(type, host, port, username, password, timeout);
    }

    /**
     * The proxy protocol.
     *
     * @return the type
     */
    public Type type() {
        return type;
    }

    /**
     * The proxy host.
     *
     * @return the host
     */
    public String host() {
        return host;
    }

    /**
     * The proxy port.
     *
     * @return the port
     */
    public int port() {
        return port;
    }

    /**
     * Applies this proxy to a Reactor Netty client.
     *
     * @param client the client
     * @return a new client that connects through the proxy
     */
    public TcpClient applyTo(TcpClient client) {
        return client.proxy(spec -> {
            ProxyProvider.Builder b = spec.type(switch (type) {
                case SOCKS4 -> ProxyProvider.Proxy.SOCKS4;
                case SOCKS5 -> ProxyProvider.Proxy.SOCKS5;
                case HTTP -> ProxyProvider.Proxy.HTTP;
            }).host(host).port(port);
            if (username != null) {
                b.username(username);
                String pass = password;
                b.password(u -> pass);
            }
            if (connectTimeout != null) {
                b.connectTimeoutMillis(connectTimeout.toMillis());
            }
        });
    }

    @Override
    public String toString() {
        return "ProxyConfig[" + type + " " + host + ":" + port + (username != null ? ", user=" + username : "") + "]";
    }
}
