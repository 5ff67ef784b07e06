package io.mtflux.transport.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Loads the protocol vectors copied under {@code src/test/resources/vectors} (see PROVENANCE.md there). */
public final class Vectors {

    private Vectors() {
    }

    /**
     * Reads one vector file.
     *
     * @param name file name, e.g. {@code transports_obfuscation.json}
     * @return its JSON tree
     */
    public static JsonNode load(String name) {
        try (InputStream in = Vectors.class.getResourceAsStream("/vectors/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing vector file " + name);
            }
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
