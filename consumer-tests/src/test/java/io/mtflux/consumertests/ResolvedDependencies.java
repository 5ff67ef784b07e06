package io.mtflux.consumertests;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What one build resolved, read from the file of {@code dependency:list -DoutputFile=...}: each artifact's version
 * by {@code groupId:artifactId:type[:classifier]}. The scope is left out: a consumer may get at runtime what our
 * module has at compile scope, and only the version matters here.
 */
public record ResolvedDependencies(Map<String, String> versions) {

    public ResolvedDependencies {
        versions = Map.copyOf(versions);
    }

    /** Reads a {@code dependency:list} output file. */
    public static ResolvedDependencies read(Path file) throws IOException {
        return parse(Files.readAllLines(file, StandardCharsets.UTF_8));
    }

    /**
     * Parses the lines of {@code dependency:list}: {@code group:artifact:type[:classifier]:version:scope}, indented,
     * maybe followed by {@code -- module name}; the heading and blank lines have fewer fields and are skipped.
     */
    public static ResolvedDependencies parse(List<String> lines) {
        Map<String, String> versions = new TreeMap<>();
        for (String line : lines) {
            String trimmed = line.strip();
            if (trimmed.isEmpty()) {
                continue;
            }
            String[] fields = trimmed.split("\\s+", 2)[0].split(":");
            if (fields.length != 5 && fields.length != 6) {
                continue;
            }
            String key = String.join(":", List.of(fields).subList(0, fields.length - 2));
            String version = fields[fields.length - 2];
            String earlier = versions.put(key, version);
            if (earlier != null && !earlier.equals(version)) {
                throw new IllegalArgumentException(key + " listed at " + earlier + " and " + version);
            }
        }
        return new ResolvedDependencies(versions);
    }

    /** The version of {@code key} ({@code group:artifact:type[:classifier]}), if it was resolved. */
    public Optional<String> version(String key) {
        return Optional.ofNullable(versions.get(key));
    }

    /** Whether any artifact of {@code groupId} was resolved. */
    public boolean hasGroup(String groupId) {
        return versions.keySet().stream().anyMatch(key -> key.startsWith(groupId + ":"));
    }
}
