package io.mtflux.codegen;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

/**
 * Parses the TL schema language as Telegram uses it: {@code name#id {X:Type} a:int b:flags.0?string = Type;},
 * {@code ---functions---} / {@code ---types---} sections and {@code //} comments.
 *
 * <p>Every explicit constructor id is checked against the CRC32 of the normalized declaration; a mismatch means
 * the parser misread the line and fails the build.
 */
public final class TlSchemaParser {

    private static final Pattern LAYER = Pattern.compile("(?i)//\\s*layer:?\\s*(\\d+)");
    private static final Pattern NAME = Pattern.compile("([A-Za-z_][A-Za-z0-9_.]*)(?:#([0-9a-fA-F]{1,8}))?");
    private static final Pattern GENERIC = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_]*):Type}");
    private static final Pattern CONDITIONAL = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)\\.(\\d+)\\?(.+)");
    private static final Pattern TRUE_FLAG = Pattern.compile(" [A-Za-z0-9_]+:flags\\d*\\.\\d+\\?true");

    /**
     * Ids no spelling of their declaration reproduces (tdlib-internal legacy types merged into the schema).
     * The exemption needs both the name and the exact id.
     */
    private static final java.util.Map<String, Integer> UNREPRODUCIBLE_IDS = java.util.Map.of(
        "accessPointRule", 0x4679b65f, "help.configSimple", 0x5a592a6c);

    private TlSchemaParser() {
    }

    /**
     * Parses schema text.
     *
     * @param text the whole schema file
     * @param source the file's name, for error messages
     * @return the layer and the combinators, in file order
     * @throws TlSchemaException if a declaration cannot be parsed or its explicit id is not the CRC32 of its
     *     normalized text
     */
    public static TlSchema parse(String text, String source) {
        int layer = 0;
        boolean functions = false;
        List<TlCombinator> result = new ArrayList<>();
        StringBuilder pending = new StringBuilder();
        int pendingLine = 0;
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            Matcher layerMatch = LAYER.matcher(line);
            if (layerMatch.find()) {
                layer = Integer.parseInt(layerMatch.group(1));
            }
            int comment = line.indexOf("//");
            if (comment >= 0) {
                line = line.substring(0, comment);
            }
            String trimmed = line.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            if (trimmed.equals("---functions---") || trimmed.equals("---types---")) {
                if (pending.length() > 0) {
                    throw new TlSchemaException(source + ":" + pendingLine + ": declaration without ';'");
                }
                functions = trimmed.equals("---functions---");
                continue;
            }
            if (pending.length() == 0) {
                pendingLine = i + 1;
            }
            pending.append(' ').append(trimmed);
            int semicolon;
            while ((semicolon = pending.indexOf(";")) >= 0) {
                String declaration = pending.substring(0, semicolon).trim();
                pending.delete(0, semicolon + 1);
                if (!declaration.isEmpty()) {
                    TlCombinator combinator = parseDeclaration(declaration, functions, source, pendingLine);
                    if (combinator != null) {
                        result.add(combinator);
                    }
                }
            }
            if (pending.toString().isBlank()) {
                pending.setLength(0);
            }
        }
        if (pending.length() > 0) {
            throw new TlSchemaException(source + ":" + pendingLine + ": declaration without ';'");
        }
        return new TlSchema(layer, List.copyOf(result));
    }

    /** Parses one declaration (without its ';'); returns null for built-in declarations such as {@code int ? = Int}. */
    static TlCombinator parseDeclaration(String declaration, boolean function, String source, int line) {
        String where = source + ":" + line + ": ";
        String[] sides = declaration.split("=", -1);
        if (sides.length != 2) {
            throw new TlSchemaException(where + "expected exactly one '=' in: " + declaration);
        }
        String[] left = sides[0].trim().split("\\s+");
        String resultText = sides[1].trim();
        if (resultText.isEmpty()) {
            throw new TlSchemaException(where + "missing result type in: " + declaration);
        }
        Matcher name = NAME.matcher(left[0]);
        if (!name.matches()) {
            throw new TlSchemaException(where + "bad combinator name '" + left[0] + "'");
        }
        String fullName = name.group(1);
        if (TlType.isBuiltin(fullName) || List.of(left).contains("?")) {
            return null; // int ? = Int; vector {t:Type} # [ t ] = Vector t; bytes = Bytes;
        }
        List<String> generics = new ArrayList<>();
        List<TlParam> params = new ArrayList<>();
        boolean implicitGeneric = false;
        StringBuilder normalized = new StringBuilder(fullName);
        for (int i = 1; i < left.length; i++) {
            String token = left[i];
            normalized.append(' ').append(token);
            Matcher generic = GENERIC.matcher(token);
            if (generic.matches()) {
                generics.add(generic.group(1));
                continue;
            }
            int colon = token.indexOf(':');
            if (colon <= 0 || colon == token.length() - 1) {
                throw new TlSchemaException(where + "bad argument '" + token + "' in " + fullName);
            }
            String paramName = token.substring(0, colon);
            String typeText = token.substring(colon + 1);
            Matcher conditional = CONDITIONAL.matcher(typeText);
            if (conditional.matches()) {
                String flags = conditional.group(1);
                int bit = Integer.parseInt(conditional.group(2));
                if (bit > 31) {
                    throw new TlSchemaException(where + "flag bit " + bit + " out of range in " + fullName);
                }
                boolean known = params.stream().anyMatch(p -> p.name().equals(flags) && p.isFlagsWord());
                if (!known) {
                    throw new TlSchemaException(where + "'" + paramName + "' refers to undeclared flags word '"
                        + flags + "' in " + fullName);
                }
                params.add(new TlParam(paramName, TlType.parse(conditional.group(3)), flags, bit));
            } else {
                TlType type = TlType.parse(typeText);
                if (type.genericRef() && !generics.contains(type.name())) {
                    if (!resultText.equals(type.name())) {
                        throw new TlSchemaException(where + "unknown generic '" + type.name() + "' in " + fullName);
                    }
                    // Some exported schemas drop the {X:Type} binder of invokeAfterMsg-style functions.
                    generics.add(type.name());
                    implicitGeneric = true;
                }
                params.add(new TlParam(paramName, type, null, -1));
            }
        }
        normalized.append(" = ").append(resultText);
        if (implicitGeneric) {
            normalized.insert(fullName.length(), " {" + generics.get(0) + ":Type}");
        }
        TlType result = TlType.parse(resultText.replace(' ', '_'));
        String norm = normalized.toString();
        int computed = crc32(normalizeForId(norm));
        boolean explicit = name.group(2) != null;
        int id = explicit ? (int) Long.parseLong(name.group(2), 16) : computed;
        if (explicit && id != computed && !matchesVariant(norm, fullName, id)
            && !Integer.valueOf(id).equals(UNREPRODUCIBLE_IDS.get(fullName))) {
            throw new TlSchemaException(String.format("%sconstructor id mismatch for %s: schema says #%08x, "
                + "CRC32 of the declaration is #%08x (\"%s\")", where, fullName, id, computed, normalizeForId(norm)));
        }
        return new TlCombinator(fullName, id, explicit, List.copyOf(generics), List.copyOf(params), result,
            function, norm, line);
    }

    /**
     * The normalization whose CRC32 is the constructor id: {@code bytes} spelled {@code string}, type brackets
     * and generic braces dropped, {@code flags.N?true} arguments removed.
     */
    static String normalizeForId(String declaration) {
        String s = (declaration + " ").replace(":bytes ", ":string ").replace("?bytes ", "?string ")
            .replace("<", " ").replace(">", "").replace("{", "").replace("}", "");
        s = TRUE_FLAG.matcher(s).replaceAll("");
        return s.trim();
    }

    /**
     * Telegram computed a few historical ids from spellings that differ from the standard normalization:
     * {@code bytes} kept as {@code bytes} (ipPortSecret), the bare marker {@code %} dropped (msg_container),
     * and gotd's legacy.tl renames old constructors with a {@code Legacy} suffix. Each variant is still a CRC32
     * of this very declaration, so a misparsed line cannot pass.
     */
    private static boolean matchesVariant(String declaration, String fullName, int id) {
        String standard = normalizeForId(declaration);
        List<String> variants = new ArrayList<>();
        variants.add(normalizeKeepingBytes(declaration));
        variants.add(standard.replace("%", ""));
        if (fullName.endsWith("Legacy")) {
            String renamed = fullName.substring(0, fullName.length() - "Legacy".length());
            variants.add(renamed + standard.substring(fullName.length()));
        }
        return variants.stream().anyMatch(v -> crc32(v) == id);
    }

    private static String normalizeKeepingBytes(String declaration) {
        String s = (declaration + " ").replace("<", " ").replace(">", "").replace("{", "").replace("}", "");
        return TRUE_FLAG.matcher(s).replaceAll("").trim();
    }

    static int crc32(String s) {
        CRC32 crc = new CRC32();
        crc.update(s.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        return (int) crc.getValue();
    }
}
