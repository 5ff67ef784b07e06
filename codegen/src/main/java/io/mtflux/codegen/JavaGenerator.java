package io.mtflux.codegen;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Generates Java 17 sources for one TL schema: a record per constructor, a sealed interface per abstract type
 * (so a {@code switch} over it is exhaustive), a record per method implementing {@code TlMethod<R>}, and a
 * {@code <Name>Schema} class holding the static id-to-reader table.
 */
final class JavaGenerator {
    static final String RUNTIME = "io.mtflux.core.tl";
    private static final String READER = RUNTIME + ".TlReader";
    private static final String WRITER = RUNTIME + ".TlWriter";
    private static final String OBJECT = RUNTIME + ".TlObject";
    private static final String METHOD = RUNTIME + ".TlMethod";
    private static final String FORMAT = RUNTIME + ".TlFormat";
    private static final String EQUALITY = RUNTIME + ".TlEquality";
    private static final String DECODE_EXCEPTION = RUNTIME + ".TlDecodeException";
    /** Records with at least this many optional fields also get a builder. */
    private static final int BUILDER_THRESHOLD = 2;
    /** Registry switches are split by the low bits of the id so each method stays small enough to be JIT-compiled. */
    private static final int REGISTRY_BUCKETS = 16;

    /**
     * Words that mark a string/bytes field as a secret, wherever they stand in its name (split at {@code _}): the
     * 2FA password and its hashes ({@code password}, {@code tmp_password}, {@code new_password_hash}), login codes
     * and their hashes ({@code code}, {@code phone_code}, {@code email_code}, {@code phone_code_hash}), tokens of
     * every kind ({@code token}, {@code bot_auth_token}, {@code future_auth_token}, {@code logout_tokens}), secrets
     * and key material ({@code secret}, {@code secure_secret}, {@code encryption_key}, {@code encryption_iv},
     * {@code key}), the api_hash and other hashes that stand for a credential (invite hashes), handshake nonces and
     * seeds. A hash that is no secret (a file's) is redacted too: a wrongly hidden value costs a look in a debugger,
     * a wrongly printed one leaks a credential into logs.
     */
    private static final Set<String> SECRET_WORDS = Set.of("password", "code", "token", "tokens", "secret", "hash",
        "key", "iv", "nonce", "seed");
    /** Whole names that are secrets without a marking word: exported authorizations, the SRP proof values. */
    private static final Set<String> SECRET_NAMES = Set.of("bytes", "A", "M1", "secure_random");
    /**
     * Names with a marking word whose values are public by nature: a public key, language and country codes
     * ({@code initConnection}'s {@code lang_code} is worth seeing in a log).
     */
    private static final Set<String> PUBLIC_NAMES = Set.of("public_key", "lang_code", "system_lang_code",
        "base_lang_code", "suggested_lang_code", "country_code", "plural_code");
    /** Constructors the runtime implements itself (TL built-ins and gzip_packed). */
    private static final Set<String> RUNTIME_CONSTRUCTORS = Set.of("boolFalse", "boolTrue", "true", "vector",
        "gzip_packed");

    private final TlSchema schema;
    private final String basePackage;
    private final String schemaClass;
    private final Map<String, TypeInfo> types = new LinkedHashMap<>();
    private final Map<String, CtorInfo> ctors = new LinkedHashMap<>();
    private final Map<String, String> files = new LinkedHashMap<>();

    private record TypeInfo(String tlName, String pkg, String javaName, List<TlCombinator> constructors,
                            boolean merged) {
        String fqn() {
            return pkg + "." + javaName;
        }
    }

    private record CtorInfo(TlCombinator combinator, String pkg, String javaName, TypeInfo type) {
        String fqn() {
            return pkg + "." + javaName;
        }
    }

    JavaGenerator(TlSchema schema, String basePackage, String schemaClass) {
        this.schema = schema;
        this.basePackage = basePackage;
        this.schemaClass = schemaClass;
    }

    /** Generates all files: relative path to source text. */
    Map<String, String> generate() {
        index();
        for (TypeInfo type : types.values()) {
            if (!type.merged()) {
                emit(type.pkg(), type.javaName(), typeInterface(type));
            }
        }
        for (CtorInfo ctor : ctors.values()) {
            emit(ctor.pkg(), ctor.javaName(), record(ctor.combinator(), ctor.pkg(), ctor.javaName(), ctor.type()));
        }
        List<TlCombinator> functions = schema.functions();
        Map<String, String> functionNames = new HashMap<>();
        for (TlCombinator f : functions) {
            String pkg = basePackage + JavaNames.packageSuffix(f.namespace());
            String name = JavaNames.className(f.name());
            if (files.containsKey(path(pkg, name))) {
                name = name + "Request"; // rpc_drop_answer is both a method and a type name
            }
            String key = pkg + "." + name;
            if (files.containsKey(path(pkg, name)) || functionNames.put(key, f.name()) != null) {
                throw new TlSchemaException("Java name clash for method " + f.name() + ": " + key);
            }
            emit(pkg, name, record(f, pkg, name, null));
            functionNames.put(f.name(), key);
        }
        emit(basePackage, schemaClass, registry(functionNames));
        packageInfos();
        return files;
    }

    /** A {@code package-info.java} for every package the classes went to, saying which namespace it holds. */
    private void packageInfos() {
        TreeSet<String> packages = new TreeSet<>();
        for (String path : files.keySet()) {
            packages.add(path.substring(0, path.lastIndexOf('/')).replace('/', '.'));
        }
        for (String pkg : packages) {
            String namespace = pkg.equals(basePackage) ? null : pkg.substring(basePackage.length() + 1);
            String layer = schema.layer() > 0 ? " (layer " + schema.layer() + ")" : "";
            String what = namespace == null ? "The TL schema of {@link " + schemaClass + "}" + layer
                + ", the declarations without a namespace"
                : "The namespace " + JavaDocs.code(namespace) + " of the TL schema of {@link " + basePackage + "."
                + schemaClass + "}" + layer;
            StringBuilder sb = new StringBuilder("// Generated by mtflux-codegen from the TL schema. Do not edit.\n");
            JavaDocs.comment(sb, "", what + ": a record per constructor and per method, a sealed interface per type"
                + " with several constructors.", List.of());
            sb.append("package ").append(pkg).append(";\n");
            files.put(path(pkg, "package-info"), sb.toString());
        }
    }

    private void emit(String pkg, String name, String source) {
        String path = path(pkg, name);
        if (files.put(path, source) != null) {
            throw new TlSchemaException("two generated classes named " + pkg + "." + name);
        }
    }

    private static String path(String pkg, String name) {
        return pkg.replace('.', '/') + "/" + name + ".java";
    }

    // ---------------------------------------------------------------- indexing

    private void index() {
        Map<String, List<TlCombinator>> byType = new LinkedHashMap<>();
        for (TlCombinator c : schema.constructors()) {
            if (RUNTIME_CONSTRUCTORS.contains(c.name())) {
                continue;
            }
            byType.computeIfAbsent(c.result().name(), k -> new ArrayList<>()).add(c);
        }
        for (Map.Entry<String, List<TlCombinator>> e : byType.entrySet()) {
            String tlType = e.getKey();
            String ns = tlType.contains(".") ? tlType.substring(0, tlType.lastIndexOf('.')) : "";
            String pkg = basePackage + JavaNames.packageSuffix(ns);
            String javaName = JavaNames.className(tlType);
            List<TlCombinator> list = e.getValue();
            boolean merged = list.size() == 1 && JavaNames.className(list.get(0).name()).equals(javaName);
            types.put(tlType, new TypeInfo(tlType, pkg, javaName, list, merged));
        }
        Map<String, String> taken = new HashMap<>();
        for (TypeInfo t : types.values()) {
            if (!t.merged()) {
                taken.put(t.fqn(), t.tlName());
            }
        }
        for (TypeInfo t : types.values()) {
            for (TlCombinator c : t.constructors()) {
                String name = JavaNames.className(c.name());
                if (!t.merged() && taken.containsKey(t.pkg() + "." + name)) {
                    name = "Base" + name;
                }
                String fqn = t.pkg() + "." + name;
                if (taken.put(fqn, c.name()) != null && !t.merged()) {
                    throw new TlSchemaException("Java name clash for constructor " + c.name() + ": " + fqn);
                }
                ctors.put(c.name(), new CtorInfo(c, t.pkg(), name, t));
            }
        }
    }

    private TypeInfo type(String tlName, TlCombinator where) {
        TypeInfo t = types.get(tlName);
        if (t == null) {
            throw new TlSchemaException(where.name() + " (line " + where.line() + ") uses unknown type " + tlName);
        }
        return t;
    }

    private CtorInfo bareCtor(String tlName, TlCombinator where) {
        CtorInfo c = ctors.get(tlName);
        if (c == null) {
            throw new TlSchemaException(where.name() + " (line " + where.line() + ") uses unknown bare constructor "
                + tlName);
        }
        return c;
    }

    // ---------------------------------------------------------------- type mapping

    /** Java type of a value of TL type {@code t}; boxed when {@code nullable}. */
    private String javaType(TlType t, boolean nullable, TlCombinator where) {
        if (t.genericRef()) {
            return METHOD + "<" + t.name() + ">";
        }
        if (t.isVector()) {
            return "java.util.List<" + javaType(t.element(), true, where) + ">";
        }
        switch (t.name()) {
            case "int":
                return nullable ? "Integer" : "int";
            case "long":
                return nullable ? "Long" : "long";
            case "double":
                return nullable ? "Double" : "double";
            case "Bool":
                return nullable ? "Boolean" : "boolean";
            case "true":
                return "boolean";
            case "string":
                return "String";
            case "bytes":
            case "int128":
            case "int256":
                return "byte[]";
            case "Object":
                return OBJECT;
            default:
                break;
        }
        if (where.generics().contains(t.name())) {
            return t.name();
        }
        if (t.bare()) {
            return bareCtor(t.name(), where).fqn();
        }
        return type(t.name(), where).fqn();
    }

    /** A method's result type; a type without constructors (http_wait's HttpWait) is read as any object. */
    private String resultType(TlCombinator function) {
        TlType t = function.result();
        if (!t.isVector() && !t.genericRef() && !TlType.isBuiltin(t.name()) && !t.bare()
            && !function.generics().contains(t.name()) && !types.containsKey(t.name())) {
            return OBJECT;
        }
        return javaType(t, true, function);
    }

    private String readExpr(TlType t, TlCombinator where) {
        if (t.genericRef()) {
            return "(" + METHOD + "<Object>) r.readMethod()";
        }
        if (t.isVector()) {
            String method = t.bare() ? "readBareVector" : "readVector";
            return "r." + method + "(" + elementReader(t.element(), where) + ")";
        }
        switch (t.name()) {
            case "int":
                return "r.readInt()";
            case "long":
                return "r.readLong()";
            case "double":
                return "r.readDouble()";
            case "Bool":
                return "r.readBool()";
            case "string":
                return "r.readString()";
            case "bytes":
                return "r.readBytes()";
            case "int128":
                return "r.readInt128()";
            case "int256":
                return "r.readInt256()";
            case "Object":
                return "r.readObject()";
            default:
                break;
        }
        if (t.bare()) {
            return bareCtor(t.name(), where).fqn() + ".readBare(r)";
        }
        return type(t.name(), where).fqn() + ".read(r)";
    }

    private String elementReader(TlType t, TlCombinator where) {
        if (t.isVector()) {
            return "rr -> " + readExpr(t, where).replace("r.", "rr.");
        }
        switch (t.name()) {
            case "int":
                return READER + "::readInt";
            case "long":
                return READER + "::readLong";
            case "double":
                return READER + "::readDouble";
            case "Bool":
                return READER + "::readBool";
            case "string":
                return READER + "::readString";
            case "bytes":
                return READER + "::readBytes";
            case "int128":
                return READER + "::readInt128";
            case "int256":
                return READER + "::readInt256";
            case "Object":
                return READER + "::readObject";
            default:
                break;
        }
        if (t.bare()) {
            return bareCtor(t.name(), where).fqn() + "::readBare";
        }
        return type(t.name(), where).fqn() + "::read";
    }

    private String writeStmt(TlType t, String value, TlCombinator where) {
        if (t.genericRef()) {
            return "w.writeObject(" + value + ");";
        }
        if (t.isVector()) {
            String method = t.bare() ? "writeBareVector" : "writeVector";
            return "w." + method + "(" + value + ", " + elementWriter(t.element(), where) + ");";
        }
        switch (t.name()) {
            case "int":
                return "w.writeInt(" + value + ");";
            case "long":
                return "w.writeLong(" + value + ");";
            case "double":
                return "w.writeDouble(" + value + ");";
            case "Bool":
                return "w.writeBool(" + value + ");";
            case "string":
                return "w.writeString(" + value + ");";
            case "bytes":
                return "w.writeBytes(" + value + ");";
            case "int128":
                return "w.writeInt128(" + value + ");";
            case "int256":
                return "w.writeInt256(" + value + ");";
            default:
                break;
        }
        if (t.bare() && !t.name().equals("Object")) {
            bareCtor(t.name(), where);
            return value + ".serializeBare(w);";
        }
        return "w.writeObject(" + value + ");";
    }

    private String elementWriter(TlType t, TlCombinator where) {
        if (t.isVector()) {
            return "(ww, e) -> " + writeStmt(t, "e", where).replace("w.", "ww.").replace(";", "");
        }
        switch (t.name()) {
            case "int":
                return WRITER + "::writeInt";
            case "long":
                return WRITER + "::writeLong";
            case "double":
                return WRITER + "::writeDouble";
            case "Bool":
                return WRITER + "::writeBool";
            case "string":
                return WRITER + "::writeString";
            case "bytes":
                return WRITER + "::writeBytes";
            case "int128":
                return WRITER + "::writeInt128";
            case "int256":
                return WRITER + "::writeInt256";
            default:
                break;
        }
        if (t.bare() && !t.name().equals("Object")) {
            bareCtor(t.name(), where);
            return "(ww, e) -> e.serializeBare(ww)";
        }
        return WRITER + "::writeObject";
    }

    private static boolean holdsBytes(TlType t) {
        if (t.isVector()) {
            return holdsBytes(t.element());
        }
        return t.name().equals("bytes") || t.name().equals("int128") || t.name().equals("int256");
    }

    private static boolean isSecret(TlParam p) {
        TlType t = p.type();
        while (t.isVector()) {
            t = t.element();
        }
        boolean raw = t.name().equals("string") || holdsBytes(t);
        if (!raw) {
            return false;
        }
        return marksSecret(p.name());
    }

    /** Whether a string/bytes field called {@code name} (as in the schema) holds a secret; see SECRET_WORDS. */
    static boolean marksSecret(String name) {
        if (SECRET_NAMES.contains(name)) {
            return true;
        }
        if (PUBLIC_NAMES.contains(name)) {
            return false;
        }
        for (String word : name.toLowerCase(Locale.ROOT).split("_")) {
            if (SECRET_WORDS.contains(word)) {
                return true;
            }
        }
        return false;
    }

    // ---------------------------------------------------------------- emitters

    private String typeInterface(TypeInfo type) {
        StringBuilder sb = new StringBuilder();
        header(sb, type.pkg());
        List<String> tlNames = new ArrayList<>();
        for (TlCombinator c : type.constructors()) {
            tlNames.add(JavaDocs.code(c.name()));
        }
        JavaDocs.comment(sb, "", "The TL type " + JavaDocs.code(type.tlName()) + ": the records of its "
            + (tlNames.size() == 1 ? "constructor " : "constructors ") + String.join(", ", tlNames)
            + " implement it.", List.of(JavaDocs.see("type", type.tlName())));
        sb.append("public sealed interface ").append(type.javaName()).append(" extends ").append(OBJECT)
            .append(" permits ");
        List<String> names = new ArrayList<>();
        for (TlCombinator c : type.constructors()) {
            names.add(ctors.get(c.name()).javaName());
        }
        sb.append(String.join(", ", names)).append(" {\n\n");
        JavaDocs.comment(sb, "    ", "Reads a boxed " + JavaDocs.code(type.tlName())
            + ": a constructor id, then that constructor's fields; a {@code gzip_packed} is unpacked.", List.of(
                "@param r the reader, positioned at the constructor id",
                "@return the value read",
                "@throws " + DECODE_EXCEPTION + " if the bytes are not a valid " + JavaDocs.code(type.tlName())));
        sb.append("    static ").append(type.javaName()).append(" read(").append(READER).append(" r) {\n");
        sb.append("        int id = r.readInt();\n        r.enter(id);\n");
        sb.append("        ").append(type.javaName()).append(" v = switch (id) {\n");
        for (String n : names) {
            sb.append("            case ").append(n).append(".ID -> ").append(n).append(".readBare(r);\n");
        }
        sb.append("            default -> r.unknownOrGzip(id, \"").append(type.tlName()).append("\", ")
            .append(type.javaName()).append("::read);\n        };\n");
        sb.append("        r.exit();\n        return v;\n    }\n}\n");
        return sb.toString();
    }

    private static void header(StringBuilder sb, String pkg) {
        sb.append("// Generated by mtflux-codegen from the TL schema. Do not edit.\n");
        sb.append("package ").append(pkg).append(";\n\n");
    }

    private record Field(TlParam param, String name, String type) {
    }

    private String record(TlCombinator c, String pkg, String javaName, TypeInfo type) {
        boolean function = c.function();
        String generic = c.generics().isEmpty() ? "" : "<" + String.join(", ", c.generics()) + ">";
        List<Field> fields = new ArrayList<>();
        Map<String, String> used = new HashMap<>();
        for (TlParam p : c.params()) {
            if (p.isFlagsWord() && isReferencedFlags(c, p.name())) {
                continue;
            }
            String name = JavaNames.fieldName(p.name());
            if (used.put(name, p.name()) != null) {
                throw new TlSchemaException("field name clash " + name + " in " + c.name());
            }
            fields.add(new Field(p, name, javaType(p.isFlagsWord() ? TlType.parse("int") : p.type(),
                p.isConditional() && !p.isTrueFlag(), c)));
        }
        String self = javaName + generic;
        StringBuilder sb = new StringBuilder();
        header(sb, pkg);
        recordComment(sb, c, type, fields);
        sb.append("// ").append(c.declaration()).append("\n");
        sb.append("public record ").append(self).append("(");
        for (int i = 0; i < fields.size(); i++) {
            Field f = fields.get(i);
            sb.append(i == 0 ? "\n        " : ",\n        ").append(f.type()).append(' ').append(f.name());
        }
        sb.append(") implements ");
        if (function) {
            sb.append(METHOD).append("<").append(resultType(c)).append(">");
        } else if (type.merged()) {
            sb.append(OBJECT);
        } else {
            sb.append(type.javaName());
        }
        sb.append(" {\n");
        sb.append("    /** The constructor id. */\n    public static final int ID = 0x").append(c.hexId())
            .append(";\n");
        sb.append("    /** The TL name. */\n    public static final String TL_NAME = \"").append(c.name())
            .append("\";\n\n");
        compactConstructor(sb, javaName, c, fields);
        sb.append("    @Override\n    public int constructorId() {\n        return ID;\n    }\n\n");
        sb.append("    @Override\n    public String tlName() {\n        return TL_NAME;\n    }\n\n");
        serializer(sb, c, fields);
        deserializer(sb, c, javaName, generic, fields);
        if (!function) {
            boxedReader(sb, javaName, c);
        } else {
            resultReader(sb, c);
        }
        equalsAndHash(sb, javaName, generic, fields);
        toStringMethod(sb, javaName, fields);
        if (generic.isEmpty() && fields.stream().filter(f -> f.param().isConditional()).count()
            >= BUILDER_THRESHOLD) {
            builder(sb, javaName, fields);
        }
        sb.append("}\n");
        return sb.toString();
    }

    private void recordComment(StringBuilder sb, TlCombinator c, TypeInfo type, List<Field> fields) {
        String self = JavaDocs.code(c.name() + "#" + c.hexId());
        String summary;
        if (c.function()) {
            summary = "The TL method " + self + ", answered with " + JavaDocs.code(c.result().toString()) + ".";
        } else if (type.merged()) {
            summary = "The TL constructor " + self + ", the only constructor of the TL type "
                + JavaDocs.code(type.tlName()) + ".";
        } else {
            summary = "The TL constructor " + self + " of the TL type {@link " + type.javaName() + "} ("
                + JavaDocs.code(type.tlName()) + ").";
        }
        List<String> tags = new ArrayList<>();
        for (String generic : c.generics()) {
            tags.add("@param <" + generic + "> the result type of the method this one wraps");
        }
        tags.addAll(fieldTags(fields));
        tags.add(JavaDocs.see(c.function() ? "method" : "constructor", c.name()));
        JavaDocs.comment(sb, "", summary, tags);
    }

    private static List<String> fieldTags(List<Field> fields) {
        List<String> tags = new ArrayList<>();
        for (Field f : fields) {
            tags.add("@param " + f.name() + " " + JavaDocs.field(f.param(), isSecret(f.param())));
        }
        return tags;
    }

    private static boolean isReferencedFlags(TlCombinator c, String flagsName) {
        return c.params().stream().anyMatch(p -> flagsName.equals(p.flagsField()));
    }

    private void compactConstructor(StringBuilder sb, String javaName, TlCombinator c, List<Field> fields) {
        List<String> checks = new ArrayList<>();
        boolean required = false;
        boolean sizes = false;
        for (Field f : fields) {
            TlParam p = f.param();
            boolean reference = !p.isTrueFlag() && !isPrimitive(f.type());
            if (reference && !p.isConditional()) {
                checks.add("java.util.Objects.requireNonNull(" + f.name() + ", \"" + f.name() + "\");");
                required = true;
            }
            String size = p.type().name().equals("int128") ? "16" : p.type().name().equals("int256") ? "32" : null;
            if (size != null && !p.type().isVector()) {
                checks.add("if (" + f.name() + " != null && " + f.name() + ".length != " + size
                    + ") {\n            throw new IllegalArgumentException(\"" + f.name() + " must be " + size
                    + " bytes\");\n        }");
                sizes = true;
            }
        }
        // fields that share one flag bit must be present together
        Map<String, List<Field>> byBit = new LinkedHashMap<>();
        for (Field f : fields) {
            if (f.param().isConditional()) {
                byBit.computeIfAbsent(f.param().flagsField() + "." + f.param().flagBit(), k -> new ArrayList<>())
                    .add(f);
            }
        }
        boolean shared = false;
        for (Map.Entry<String, List<Field>> e : byBit.entrySet()) {
            if (e.getValue().size() < 2) {
                continue;
            }
            List<String> presence = new ArrayList<>();
            for (Field f : e.getValue()) {
                presence.add(presentExpr(f, ""));
            }
            String first = presence.get(0);
            for (int i = 1; i < presence.size(); i++) {
                checks.add("if ((" + first + ") != (" + presence.get(i) + ")) {\n"
                    + "            throw new IllegalArgumentException(\"" + e.getValue().get(0).name() + " and "
                    + e.getValue().get(i).name() + " share " + e.getKey()
                    + " and must be set together\");\n        }");
                shared = true;
            }
        }
        if (checks.isEmpty()) {
            return;
        }
        constructorComment(sb, fields, required, sizes, shared);
        sb.append("    public ").append(javaName).append(" {\n");
        for (String check : checks) {
            sb.append("        ").append(check).append("\n");
        }
        sb.append("    }\n\n");
    }

    /** The compact constructor's comment: what it checks, its parameters and what it throws. */
    private static void constructorComment(StringBuilder sb, List<Field> fields, boolean required, boolean sizes,
                                           boolean shared) {
        List<String> what = new ArrayList<>();
        List<String> tags = fieldTags(fields);
        if (required) {
            what.add("that the required fields are set");
            tags.add("@throws NullPointerException if a required field is null");
        }
        for (String fixed : List.of("int128", "int256")) {
            if (sizes && fields.stream().anyMatch(f -> f.param().type().name().equals(fixed))) {
                what.add("that the {@code " + fixed + "} fields have " + (fixed.equals("int128") ? 16 : 32)
                    + " bytes");
            }
        }
        if (shared) {
            what.add("that optional fields sharing a flag bit are set together");
        }
        if (sizes || shared) {
            List<String> failures = new ArrayList<>();
            if (sizes) {
                failures.add("a fixed-size field has another length");
            }
            if (shared) {
                failures.add("fields sharing a flag bit are not set together");
            }
            tags.add("@throws IllegalArgumentException if " + String.join(" or ", failures));
        }
        String summary = what.size() == 1 ? what.get(0)
            : String.join(", ", what.subList(0, what.size() - 1)) + " and " + what.get(what.size() - 1);
        JavaDocs.comment(sb, "    ", "Checks " + summary + ".", tags);
    }

    private static boolean isPrimitive(String javaType) {
        return switch (javaType) {
            case "int", "long", "double", "boolean" -> true;
            default -> false;
        };
    }

    private static String presentExpr(Field f, String prefix) {
        return f.param().isTrueFlag() ? prefix + f.name() : prefix + f.name() + " != null";
    }

    private void serializer(StringBuilder sb, TlCombinator c, List<Field> fields) {
        sb.append("    @Override\n    public void serializeBare(").append(WRITER).append(" w) {\n");
        for (TlParam p : c.params()) {
            if (p.isFlagsWord() && isReferencedFlags(c, p.name())) {
                String var = "flags_" + JavaNames.fieldName(p.name()).replace("_", "");
                sb.append("        int ").append(var).append(" = 0;\n");
                for (Field f : fields) {
                    if (p.name().equals(f.param().flagsField())) {
                        sb.append("        if (").append(presentExpr(f, "this.")).append(") {\n            ")
                            .append(var)
                            .append(" |= ").append(1 << f.param().flagBit() == Integer.MIN_VALUE ? "0x80000000"
                                : String.valueOf(1 << f.param().flagBit())).append(";\n        }\n");
                    }
                }
                sb.append("        w.writeInt(").append(var).append(");\n");
                continue;
            }
            Field f = fields.stream().filter(x -> x.param() == p).findFirst().orElseThrow();
            if (p.isTrueFlag()) {
                continue;
            }
            TlType t = p.isFlagsWord() ? TlType.parse("int") : p.type();
            if (p.isConditional()) {
                sb.append("        if (this.").append(f.name()).append(" != null) {\n            ")
                    .append(writeStmt(t, "this." + f.name(), c)).append("\n        }\n");
            } else {
                sb.append("        ").append(writeStmt(t, "this." + f.name(), c)).append("\n");
            }
        }
        sb.append("    }\n\n");
    }

    private void deserializer(StringBuilder sb, TlCombinator c, String javaName, String generic, List<Field> fields) {
        JavaDocs.comment(sb, "    ", "Reads the fields of " + JavaDocs.code(c.name()) + " (its bare form).", List.of(
            "@param r the reader, positioned after the constructor id",
            "@return the " + (c.function() ? "method" : "constructor") + " read",
            "@throws " + DECODE_EXCEPTION + " if the bytes are not valid fields of "
                + JavaDocs.code(c.name())));
        boolean hasGeneric = !generic.isEmpty();
        if (hasGeneric) {
            sb.append("    @SuppressWarnings(\"unchecked\")\n");
        }
        String returnType = hasGeneric ? javaName + "<?>" : javaName;
        sb.append("    public static ").append(returnType).append(" readBare(").append(READER).append(" r) {\n");
        List<String> args = new ArrayList<>();
        for (TlParam p : c.params()) {
            if (p.isFlagsWord() && isReferencedFlags(c, p.name())) {
                sb.append("        int flags_").append(JavaNames.fieldName(p.name()).replace("_", ""))
                    .append(" = r.readInt();\n");
                continue;
            }
            Field f = fields.stream().filter(x -> x.param() == p).findFirst().orElseThrow();
            String localType = f.type().replaceAll("\\b" + String.join("|", c.generics().isEmpty()
                ? List.of("\u0000") : c.generics()) + "\\b", "Object");
            String local = "_" + f.name();
            String test = p.isConditional() ? "(flags_" + JavaNames.fieldName(p.flagsField()).replace("_", "")
                + " & " + (p.flagBit() == 31 ? "0x80000000" : String.valueOf(1 << p.flagBit())) + ") != 0" : null;
            TlType t = p.isFlagsWord() ? TlType.parse("int") : p.type();
            if (p.isTrueFlag()) {
                sb.append("        boolean ").append(local).append(" = ").append(test).append(";\n");
            } else if (p.isConditional()) {
                sb.append("        ").append(localType).append(' ').append(local).append(" = ").append(test)
                    .append(" ? ").append(readExpr(t, c)).append(" : null;\n");
            } else {
                sb.append("        ").append(localType).append(' ').append(local).append(" = ")
                    .append(readExpr(t, c)).append(";\n");
            }
            args.add(local);
        }
        sb.append("        return new ").append(javaName).append(hasGeneric ? "<>" : "").append("(")
            .append(String.join(", ", args)).append(");\n    }\n\n");
    }

    private void boxedReader(StringBuilder sb, String javaName, TlCombinator c) {
        JavaDocs.comment(sb, "    ", "Reads a boxed " + JavaDocs.code(c.name())
            + ": its constructor id, then its fields; a {@code gzip_packed} is unpacked.", List.of(
                "@param r the reader, positioned at the constructor id",
                "@return the constructor read",
                "@throws " + DECODE_EXCEPTION + " if the bytes are not a valid " + JavaDocs.code(c.name())));
        sb.append("    public static ").append(javaName).append(" read(").append(READER).append(" r) {\n");
        sb.append("        int id = r.readInt();\n        r.enter(id);\n");
        sb.append("        ").append(javaName).append(" v = id == ID ? readBare(r) : r.unknownOrGzip(id, \"")
            .append(c.result()).append("\", ").append(javaName).append("::read);\n");
        sb.append("        r.exit();\n        return v;\n    }\n\n");
    }

    private void resultReader(StringBuilder sb, TlCombinator c) {
        String resultType = resultType(c);
        sb.append("    @Override\n    public ").append(resultType).append(" readResult(").append(READER)
            .append(" r) {\n");
        if (c.generics().contains(c.result().name())) {
            sb.append("        return query.readResult(r);\n");
        } else if (resultType.equals(OBJECT)) {
            sb.append("        return r.readObject();\n");
        } else {
            sb.append("        return ").append(readExpr(c.result(), c)).append(";\n");
        }
        sb.append("    }\n\n");
    }

    private void equalsAndHash(StringBuilder sb, String javaName, String generic, List<Field> fields) {
        if (fields.stream().noneMatch(f -> holdsBytes(f.param().type()))) {
            return;
        }
        sb.append("    @Override\n    public boolean equals(Object o) {\n");
        sb.append("        if (this == o) {\n            return true;\n        }\n");
        String wildcard = generic.isEmpty() ? "" : "<?>";
        sb.append("        if (!(o instanceof ").append(javaName).append(wildcard).append(" that)) {\n")
            .append("            return false;\n        }\n");
        sb.append("        return ");
        List<String> terms = new ArrayList<>();
        for (Field f : fields) {
            String mine = "this." + f.name();
            String theirs = "that." + f.name();
            if (f.type().equals("double")) {
                terms.add("Double.compare(" + mine + ", " + theirs + ") == 0");
            } else if (isPrimitive(f.type())) {
                terms.add(mine + " == " + theirs);
            } else {
                terms.add(EQUALITY + ".equal(" + mine + ", " + theirs + ")");
            }
        }
        sb.append(String.join("\n            && ", terms)).append(";\n    }\n\n");
        sb.append("    @Override\n    public int hashCode() {\n        int h = ID;\n");
        for (Field f : fields) {
            sb.append("        h = 31 * h + ");
            String mine = "this." + f.name();
            switch (f.type()) {
                case "int" -> sb.append(mine);
                case "long" -> sb.append("Long.hashCode(").append(mine).append(")");
                case "double" -> sb.append("Double.hashCode(").append(mine).append(")");
                case "boolean" -> sb.append("Boolean.hashCode(").append(mine).append(")");
                default -> sb.append(EQUALITY).append(".hash(").append(mine).append(")");
            }
            sb.append(";\n");
        }
        sb.append("        return h;\n    }\n\n");
    }

    private void toStringMethod(StringBuilder sb, String javaName, List<Field> fields) {
        sb.append("    @Override\n    public String toString() {\n");
        if (fields.isEmpty()) {
            sb.append("        return \"").append(javaName).append("{}\";\n    }\n");
            return;
        }
        sb.append("        StringBuilder sb = new StringBuilder(\"").append(javaName).append("{\");\n");
        boolean first = true;
        for (Field f : fields) {
            sb.append("        sb.append(\"").append(first ? "" : ", ").append(f.name()).append("=\");\n");
            first = false;
            if (isSecret(f.param())) {
                sb.append("        ").append(FORMAT).append(".appendRedacted(sb, this.").append(f.name())
                    .append(");\n");
            } else {
                sb.append("        ").append(FORMAT).append(".append(sb, this.").append(f.name()).append(");\n");
            }
        }
        sb.append("        return sb.append('}').toString();\n    }\n");
    }

    private void builder(StringBuilder sb, String javaName, List<Field> fields) {
        sb.append('\n');
        JavaDocs.comment(sb, "    ", "A builder, convenient for the many optional fields.",
            List.of("@return a new builder with no field set"));
        sb.append("    public static Builder builder() {\n        return new Builder();\n    }\n\n");
        sb.append("    /** Builds {@link ").append(javaName).append("}; optional fields default to absent. */\n");
        sb.append("    public static final class Builder {\n");
        for (Field f : fields) {
            sb.append("        private ").append(f.type()).append(' ').append(f.name()).append(";\n");
        }
        sb.append("\n        private Builder() {\n        }\n");
        for (Field f : fields) {
            sb.append('\n');
            JavaDocs.comment(sb, "        ", "Sets " + JavaDocs.code(f.param().name()) + ".", List.of(
                "@param value " + JavaDocs.field(f.param(), isSecret(f.param())), "@return this builder"));
            sb.append("        public Builder ").append(f.name()).append("(").append(f.type()).append(" value) {\n")
                .append("            this.").append(f.name()).append(" = value;\n            return this;\n")
                .append("        }\n");
        }
        sb.append('\n');
        JavaDocs.comment(sb, "        ", "Creates the record; required fields must have been set.",
            List.of("@return the record"));
        sb.append("        public ").append(javaName).append(" build() {\n            return new ").append(javaName)
            .append("(");
        List<String> names = new ArrayList<>();
        for (Field f : fields) {
            names.add(f.name());
        }
        sb.append(String.join(", ", names)).append(");\n        }\n    }\n");
    }

    private String registry(Map<String, String> functionNames) {
        StringBuilder sb = new StringBuilder();
        header(sb, basePackage);
        Map<Integer, String> byId = new LinkedHashMap<>();
        Map<Integer, String> tlNames = new LinkedHashMap<>();
        for (CtorInfo c : ctors.values()) {
            register(byId, tlNames, c.combinator(), c.fqn());
        }
        for (TlCombinator f : schema.functions()) {
            register(byId, tlNames, f, functionNames.get(f.name()));
        }
        sb.append("/**\n * The static constructor-id table of this schema");
        if (schema.layer() > 0) {
            sb.append(" (layer ").append(schema.layer()).append(")");
        }
        sb.append(": ").append(byId.size()).append(" constructors and methods.\n */\n");
        sb.append("public final class ").append(schemaClass).append(" {\n");
        if (schema.layer() > 0) {
            sb.append("    /** The API layer of the schema this code was generated from. */\n");
            sb.append("    public static final int LAYER = ").append(schema.layer()).append(";\n\n");
        }
        sb.append("    private ").append(schemaClass).append("() {\n    }\n\n");
        JavaDocs.comment(sb, "    ", "Reads the bare fields of constructor or method {@code id}.", List.of(
            "@param id the constructor id, already read",
            "@param r the reader, positioned after the id",
            "@return the object read, or null when {@code id} is not in this schema"));
        sb.append("    public static ").append(OBJECT).append(" readBare(int id, ").append(READER)
            .append(" r) {\n        return switch (id & ").append(REGISTRY_BUCKETS - 1).append(") {\n");
        for (int b = 0; b < REGISTRY_BUCKETS; b++) {
            sb.append("            case ").append(b).append(" -> readBare").append(b).append("(id, r);\n");
        }
        sb.append("            default -> throw new AssertionError(id);\n        };\n    }\n\n");
        for (int b = 0; b < REGISTRY_BUCKETS; b++) {
            sb.append("    private static ").append(OBJECT).append(" readBare").append(b).append("(int id, ")
                .append(READER).append(" r) {\n        return switch (id) {\n");
            for (Map.Entry<Integer, String> e : byId.entrySet()) {
                if ((e.getKey() & (REGISTRY_BUCKETS - 1)) == b) {
                    sb.append("            case 0x").append(String.format("%08x", e.getKey())).append(" -> ")
                        .append(e.getValue()).append(".readBare(r);\n");
                }
            }
            sb.append("            default -> null;\n        };\n    }\n\n");
        }
        JavaDocs.comment(sb, "    ", "The TL name of constructor or method {@code id}.", List.of(
            "@param id a constructor id",
            "@return the TL name with namespace, e.g. {@code auth.sendCode}, or null when {@code id} is not in this"
                + " schema"));
        sb.append("    public static String name(int id) {\n        return switch (id & ")
            .append(REGISTRY_BUCKETS - 1).append(") {\n");
        for (int b = 0; b < REGISTRY_BUCKETS; b++) {
            sb.append("            case ").append(b).append(" -> name").append(b).append("(id);\n");
        }
        sb.append("            default -> throw new AssertionError(id);\n        };\n    }\n\n");
        for (int b = 0; b < REGISTRY_BUCKETS; b++) {
            sb.append("    private static String name").append(b)
                .append("(int id) {\n        return switch (id) {\n");
            for (Map.Entry<Integer, String> e : tlNames.entrySet()) {
                if ((e.getKey() & (REGISTRY_BUCKETS - 1)) == b) {
                    sb.append("            case 0x").append(String.format("%08x", e.getKey())).append(" -> \"")
                        .append(e.getValue()).append("\";\n");
                }
            }
            sb.append("            default -> null;\n        };\n    }\n\n");
        }
        JavaDocs.comment(sb, "    ", "Every generated constructor and method class of this schema (for tools and"
            + " tests).",
            List.of("@return the classes, constructors first, in schema order"));
        sb.append("    public static java.util.List<Class<? extends ").append(OBJECT).append(">> classes() {\n");
        sb.append("        return java.util.List.of(");
        boolean first = true;
        for (String fqn : byId.values()) {
            sb.append(first ? "\n            " : ",\n            ").append(fqn).append(".class");
            first = false;
        }
        sb.append(");\n    }\n}\n");
        return sb.toString();
    }

    private static void register(Map<Integer, String> byId, Map<Integer, String> names, TlCombinator c,
                                 String fqn) {
        String previous = byId.put(c.id(), fqn);
        if (previous != null) {
            throw new TlSchemaException(String.format(Locale.ROOT, "duplicate id #%08x: %s and %s", c.id(),
                previous, c.name()));
        }
        names.put(c.id(), c.name());
    }
}
