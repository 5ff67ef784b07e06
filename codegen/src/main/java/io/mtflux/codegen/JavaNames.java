package io.mtflux.codegen;

import java.util.Set;

/** Turns TL names into Java names that read well: {@code auth.sendCode} to {@code AuthSendCode}. */
final class JavaNames {

    private static final Set<String> KEYWORDS = Set.of("abstract", "assert", "boolean", "break", "byte", "case",
        "catch", "char", "class", "const", "continue", "default", "do", "double", "else", "enum", "extends", "final",
        "finally", "float", "for", "goto", "if", "implements", "import", "instanceof", "int", "interface", "long",
        "native", "new", "package", "private", "protected", "public", "return", "short", "static", "strictfp",
        "super", "switch", "synchronized", "this", "throw", "throws", "transient", "try", "void", "volatile",
        "while", "true", "false", "null", "var", "yield", "record", "sealed", "permits",
        // members every record has or that generated code defines
        "hashCode", "toString", "getClass", "notify", "notifyAll", "wait", "clone", "finalize", "equals",
        "constructorId", "serializeBare", "serialize", "tlName", "readResult", "builder");

    /** Class names that would shadow java.lang types in generated packages get a {@code Tl} prefix. */
    private static final Set<String> JAVA_LANG = Set.of("Object", "String", "Error", "Integer", "Long", "Double",
        "Boolean", "Byte", "Short", "Float", "Character", "Class", "Void", "Number", "Record", "Enum", "Exception",
        "Thread", "System", "Runtime", "Math", "Process", "Module", "Package", "Override", "Deprecated",
        "Iterable", "Comparable", "Cloneable", "Runnable", "Throwable", "Readable", "Appendable", "Builder");

    private JavaNames() {
    }

    /** {@code p_q_inner_data_dc} to {@code PQInnerDataDc}; {@code auth.sentCode} to {@code AuthSentCode}. */
    static String className(String tlName) {
        StringBuilder sb = new StringBuilder();
        for (String part : tlName.split("[._]")) {
            if (!part.isEmpty()) {
                sb.append(Character.toUpperCase(part.charAt(0))).append(part, 1, part.length());
            }
        }
        String name = sb.toString();
        return JAVA_LANG.contains(name) ? "Tl" + name : name;
    }

    /** {@code phone_code_hash} to {@code phoneCodeHash}; {@code M1} to {@code m1}; keywords get a trailing _. */
    static String fieldName(String tlName) {
        StringBuilder sb = new StringBuilder();
        String[] parts = tlName.split("_");
        for (String part : parts) {
            if (part.isEmpty()) {
                continue;
            }
            if (sb.length() == 0) {
                sb.append(Character.toLowerCase(part.charAt(0))).append(part, 1, part.length());
            } else {
                sb.append(Character.toUpperCase(part.charAt(0))).append(part, 1, part.length());
            }
        }
        String name = sb.toString();
        return KEYWORDS.contains(name) ? name + "_" : name;
    }

    /** {@code auth} to {@code auth}; the namespace becomes a lowercase sub-package. */
    static String packageSuffix(String namespace) {
        return namespace.isEmpty() ? "" : "." + namespace.toLowerCase(java.util.Locale.ROOT);
    }
}
