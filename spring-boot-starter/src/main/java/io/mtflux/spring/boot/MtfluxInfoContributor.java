package io.mtflux.spring.boot;

import io.mtflux.core.tl.api.ApiSchema;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;

/** Adds {@code mtflux: {version, layer}} to {@code /actuator/info}: the mtflux version and its TL layer. */
public final class MtfluxInfoContributor implements InfoContributor {
    /** The mtflux version, written into the starter's jar by its build. */
    public static final String VERSION = version();

    /** A contributor. */
    public MtfluxInfoContributor() {
    }

    @Override
    public void contribute(Info.Builder builder) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("version", VERSION);
        details.put("layer", ApiSchema.LAYER);
        builder.withDetail("mtflux", details);
    }

    private static String version() {
        Properties properties = new Properties();
        try (InputStream in = MtfluxInfoContributor.class.getResourceAsStream("mtflux-version.properties")) {
            if (in == null) {
                return "unknown";
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties.getProperty("version", "unknown");
    }
}
