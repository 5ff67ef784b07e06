package io.mtflux.spring.boot;

import io.mtflux.store.r2dbc.R2dbcSessionStore;
import io.mtflux.store.url.OpenedSessionStore;
import io.mtflux.store.url.StoreForm;
import io.r2dbc.spi.ConnectionFactory;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.util.ClassUtils;
import reactor.core.publisher.Mono;

/**
 * The session store on one of the application's own connections, when {@code mtflux.session.url} is unset (see
 * {@link MtfluxProperties.SessionConnection}): its R2DBC {@code ConnectionFactory} (Spring Boot's
 * {@code spring.r2dbc.*}, or its own bean). The store does not close what it did not open: the application's
 * factory stays the application's.
 */
final class ApplicationConnections {
    private static final String R2DBC_ADAPTER = "io.mtflux.store.r2dbc.R2dbcSessionStore";
    private static final String R2DBC_SPI = "io.r2dbc.spi.ConnectionFactory";

    private ApplicationConnections() {
    }

    /**
     * The store on the application's connection, or null for none (in memory).
     *
     * @throws MtfluxPropertiesException when {@code mtflux.session.connection=r2dbc} cannot be served, or the store
     *     cannot be opened on the application's connection
     */
    static OpenedSessionStore session(MtfluxProperties properties, ListableBeanFactory beans) {
        MtfluxProperties.SessionConnection mode = properties.getSession().getConnection();
        if (mode == MtfluxProperties.SessionConnection.NONE) {
            return null;
        }
        boolean required = mode == MtfluxProperties.SessionConnection.R2DBC;
        ClassLoader loader = beans instanceof ConfigurableBeanFactory c && c.getBeanClassLoader() != null
            ? c.getBeanClassLoader() : ApplicationConnections.class.getClassLoader();
        if (!ClassUtils.isPresent(R2DBC_ADAPTER, loader) || !ClassUtils.isPresent(R2DBC_SPI, loader)) {
            if (required) {
                throw new MtfluxPropertiesException("mtflux.session.connection=r2dbc needs"
                    + " io.mtflux:mtflux-session-store-r2dbc on the class path");
            }
            return null;
        }
        return R2dbc.open(properties, beans, required);
    }

    /** Loaded only with the R2DBC adapter on the class path. */
    static final class R2dbc {
        private R2dbc() {
        }

        static OpenedSessionStore open(MtfluxProperties properties, ListableBeanFactory beans, boolean required) {
            String[] names = beans.getBeanNamesForType(ConnectionFactory.class);
            if (names.length != 1) {
                if (required) {
                    throw new MtfluxPropertiesException("mtflux.session.connection=r2dbc needs exactly one R2DBC"
                        + " ConnectionFactory bean (spring.r2dbc.url, or the application's own), found "
                        + names.length);
                }
                return null;
            }
            ConnectionFactory factory = beans.getBean(names[0], ConnectionFactory.class);
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
                    + " ConnectionFactory '" + names[0] + "' (" + e.getMessage() + "): set mtflux.session.url, or"
                    + " mtflux.session.connection=none for memory");
            }
            if (store == null) {
                throw new MtfluxPropertiesException("cannot keep sessions in the application's R2DBC"
                    + " ConnectionFactory '" + names[0] + "': no store");
            }
            return new OpenedSessionStore(store, StoreForm.DATABASE, "the application's R2DBC ConnectionFactory '"
                + names[0] + "' (" + store.database() + ")", Mono::empty);
        }
    }
}
