package io.mtflux.spring.boot;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.mtflux.store.r2dbc.R2dbcSessionStore;
import io.mtflux.store.redis.RedisSessionStore;
import io.mtflux.store.url.OpenedSessionStore;
import io.mtflux.store.url.StoreForm;
import io.r2dbc.spi.ConnectionFactory;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.util.ClassUtils;
import reactor.core.publisher.Mono;

/**
 * The session store on one of the application's own connections, when {@code mtflux.session.url} is unset (see
 * {@link MtfluxProperties.SessionConnection}): its R2DBC {@code ConnectionFactory} (Spring Boot's
 * {@code spring.r2dbc.*}, or its own bean), or its Lettuce {@code RedisClient} (Spring Data Redis's
 * {@code LettuceConnectionFactory}, {@code spring.data.redis.*}: the store opens a connection of its own on that
 * client, to the same server). The store does not close what it did not open: the application's factory and client
 * stay the application's.
 */
final class ApplicationConnections {
    private static final String R2DBC_ADAPTER = "io.mtflux.store.r2dbc.R2dbcSessionStore";
    private static final String R2DBC_SPI = "io.r2dbc.spi.ConnectionFactory";
    private static final String REDIS_ADAPTER = "io.mtflux.store.redis.RedisSessionStore";
    private static final String LETTUCE_FACTORY =
        "org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory";

    private ApplicationConnections() {
    }

    /**
     * The store on the application's connection, or null for none (in memory).
     *
     * @throws MtfluxPropertiesException when {@code mtflux.session.connection=r2dbc} or {@code redis} cannot be
     *     served, when {@code auto} finds both kinds, or when the store cannot be opened on the application's
     *     connection
     */
    static OpenedSessionStore session(MtfluxProperties properties, ListableBeanFactory beans) {
        MtfluxProperties.SessionConnection mode = properties.getSession().getConnection();
        if (mode == MtfluxProperties.SessionConnection.NONE) {
            return null;
        }
        ClassLoader loader = beans instanceof ConfigurableBeanFactory c && c.getBeanClassLoader() != null
            ? c.getBeanClassLoader() : ApplicationConnections.class.getClassLoader();
        boolean r2dbc = ClassUtils.isPresent(R2DBC_ADAPTER, loader) && ClassUtils.isPresent(R2DBC_SPI, loader);
        boolean redis = ClassUtils.isPresent(REDIS_ADAPTER, loader) && ClassUtils.isPresent(LETTUCE_FACTORY, loader);
        switch (mode) {
            case R2DBC -> {
                if (!r2dbc) {
                    throw new MtfluxPropertiesException("mtflux.session.connection=r2dbc needs"
                        + " io.mtflux:mtflux-session-store-r2dbc on the class path");
                }
                return R2dbc.open(properties, beans, R2dbc.name(beans, true));
            }
            case REDIS -> {
                if (!redis) {
                    throw new MtfluxPropertiesException("mtflux.session.connection=redis needs"
                        + " io.mtflux:mtflux-session-store-redis and Spring Data Redis (Lettuce) on the class path");
                }
                return Redis.open(properties, beans, Redis.name(beans, true));
            }
            default -> {
                String database = r2dbc ? R2dbc.name(beans, false) : null;
                String cache = redis ? Redis.name(beans, false) : null;
                if (database != null && cache != null) {
                    throw new MtfluxPropertiesException("mtflux.session.connection=auto: the application has an"
                        + " R2DBC ConnectionFactory ('" + database + "') and a Lettuce connection factory ('" + cache
                        + "'): choose with mtflux.session.connection=r2dbc, redis or none");
                }
                if (database != null) {
                    return R2dbc.open(properties, beans, database);
                }
                return cache != null ? Redis.open(properties, beans, cache) : null;
            }
        }
    }

    /** Loaded only with the R2DBC adapter on the class path. */
    static final class R2dbc {
        private R2dbc() {
        }

        /** The name of the application's one ConnectionFactory; null (or a failure when required) otherwise. */
        static String name(ListableBeanFactory beans, boolean required) {
            String[] names = beans.getBeanNamesForType(ConnectionFactory.class);
            if (names.length != 1) {
                if (required) {
                    throw new MtfluxPropertiesException("mtflux.session.connection=r2dbc needs exactly one R2DBC"
                        + " ConnectionFactory bean (spring.r2dbc.url, or the application's own), found "
                        + names.length);
                }
                return null;
            }
            return names[0];
        }

        static OpenedSessionStore open(MtfluxProperties properties, ListableBeanFactory beans, String name) {
            ConnectionFactory factory = beans.getBean(name, ConnectionFactory.class);
            R2dbcSessionStore store;
            try {
                store = R2dbcSessionStore.builder(factory)
                    .cipher(properties.getSession().secrets().cipher().orElse(null))
                    .start()
                    .block(MtfluxAutoConfiguration.OPEN);
            } catch (MtfluxPropertiesException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new MtfluxPropertiesException("cannot keep sessions in the application's R2DBC"
                    + " ConnectionFactory '" + name + "' (" + e.getMessage() + "): set mtflux.session.url, or"
                    + " mtflux.session.connection=none for memory");
            }
            if (store == null) {
                throw new MtfluxPropertiesException("cannot keep sessions in the application's R2DBC"
                    + " ConnectionFactory '" + name + "': no store");
            }
            return new OpenedSessionStore(store, StoreForm.DATABASE, "the application's R2DBC ConnectionFactory '"
                + name + "' (" + store.database() + ")", Mono::empty);
        }
    }

    /** Loaded only with the Redis adapter and Spring Data Redis on the class path. */
    static final class Redis {
        private Redis() {
        }

        /**
         * The name of the application's one Lettuce connection factory of a standalone Redis; null (or a failure
         * when required) otherwise.
         */
        static String name(ListableBeanFactory beans, boolean required) {
            String[] names = beans.getBeanNamesForType(LettuceConnectionFactory.class);
            if (names.length != 1) {
                if (required) {
                    throw new MtfluxPropertiesException("mtflux.session.connection=redis needs exactly one Lettuce"
                        + " connection factory bean (spring.data.redis.*), found " + names.length);
                }
                return null;
            }
            LettuceConnectionFactory factory = beans.getBean(names[0], LettuceConnectionFactory.class);
            if (factory.isRedisSentinelAware() || factory.getClusterConfiguration() != null
                || !(factory.getNativeClient() instanceof RedisClient)) {
                if (required) {
                    throw new MtfluxPropertiesException("mtflux.session.connection=redis needs a standalone Redis:"
                        + " the Lettuce connection factory '" + names[0] + "' is for Sentinel or a cluster");
                }
                return null;
            }
            return names[0];
        }

        static OpenedSessionStore open(MtfluxProperties properties, ListableBeanFactory beans, String name) {
            LettuceConnectionFactory factory = beans.getBean(name, LettuceConnectionFactory.class);
            RedisStandaloneConfiguration config = factory.getStandaloneConfiguration();
            RedisURI.Builder uri = RedisURI.builder().withHost(config.getHostName()).withPort(config.getPort())
                .withDatabase(config.getDatabase()).withSsl(factory.isUseSsl());
            config.getPassword().toOptional().ifPresent(password -> {
                if (config.getUsername() != null) {
                    uri.withAuthentication(config.getUsername(), password);
                } else {
                    uri.withPassword(password);
                }
            });
            String shown = "the application's Lettuce connection factory '" + name + "' (redis://"
                + config.getHostName() + ":" + config.getPort() + "/" + config.getDatabase() + ")";
            RedisSessionStore store;
            try {
                store = RedisSessionStore.builder((RedisClient) factory.getRequiredNativeClient(), uri.build())
                    .cipher(properties.getSession().secrets().cipher().orElse(null))
                    .connect()
                    .block(MtfluxAutoConfiguration.OPEN);
            } catch (MtfluxPropertiesException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new MtfluxPropertiesException("cannot keep sessions in " + shown + " (" + e.getMessage()
                    + "): set mtflux.session.url, or mtflux.session.connection=none for memory");
            }
            if (store == null) {
                throw new MtfluxPropertiesException("cannot keep sessions in " + shown + ": no store");
            }
            // closes its own connection, never the application's client
            return new OpenedSessionStore(store, StoreForm.REDIS, shown, store::close);
        }
    }
}
