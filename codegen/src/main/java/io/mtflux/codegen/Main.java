package io.mtflux.codegen;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Command line: {@code --out DIR --api api.tl --mtproto mtproto.tl}. Generates the API into
 * {@code io.mtflux.core.tl.api} and the MTProto service schema into {@code io.mtflux.core.tl.mtproto}. Files whose
 * content did not change are not rewritten, so incremental compilation stays incremental.
 */
public final class Main {
    private Main() {
    }

    /**
     * Generates both schemas into {@code --out}.
     *
     * @param args {@code --out DIR --api api.tl --mtproto mtproto.tl}, in any order
     * @throws IOException if a schema cannot be read or a source cannot be written
     * @throws IllegalArgumentException if an option is missing
     * @throws TlSchemaException if a schema is invalid or two generated classes would have the same name
     */
    public static void main(String[] args) throws IOException {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i], args[i + 1]);
        }
        if (args.length % 2 != 0 || !options.keySet().containsAll(java.util.List.of("--out", "--api", "--mtproto"))) {
            throw new IllegalArgumentException("usage: --out DIR --api api.tl --mtproto mtproto.tl");
        }
        Path out = Path.of(options.get("--out"));
        Map<String, String> files = new LinkedHashMap<>();
        files.putAll(generate(Path.of(options.get("--api")), JavaGenerator.RUNTIME + ".api", "ApiSchema"));
        files.putAll(generate(Path.of(options.get("--mtproto")), JavaGenerator.RUNTIME + ".mtproto",
            "MtprotoSchema"));
        int written = 0;
        for (Map.Entry<String, String> e : files.entrySet()) {
            Path file = out.resolve(e.getKey());
            byte[] content = e.getValue().getBytes(StandardCharsets.UTF_8);
            if (Files.exists(file) && java.util.Arrays.equals(Files.readAllBytes(file), content)) {
                continue;
            }
            Files.createDirectories(file.getParent());
            Files.write(file, content);
            written++;
        }
        if (written > 0) {
            System.out.println("mtflux-codegen: " + files.size() + " files (" + written + " written) in " + out);
        }
    }

    static Map<String, String> generate(Path schemaFile, String basePackage, String schemaClass) {
        try {
            String text = Files.readString(schemaFile, StandardCharsets.UTF_8);
            TlSchema schema = TlSchemaParser.parse(text, schemaFile.getFileName().toString());
            return new JavaGenerator(schema, basePackage, schemaClass).generate();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
