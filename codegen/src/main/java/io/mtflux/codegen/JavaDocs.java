package io.mtflux.codegen;

import java.util.List;

/**
 * The javadoc text of generated sources: what each class, record component and helper is in TL terms. Every
 * TL name and type is wrapped in {@code {@code ...}}, so the {@code <} and {@code >} of {@code Vector<User>} never
 * reach the HTML; the output depends only on the schema, so generation stays reproducible.
 */
final class JavaDocs {
    private static final String SITE = "https://core.telegram.org/";

    private JavaDocs() {
    }

    /** {@code {@code text}}; TL names and types never hold the braces or comment ends that would break it. */
    static String code(String text) {
        if (text.contains("{") || text.contains("}") || text.contains("*/") || text.contains("@")) {
            throw new TlSchemaException("cannot quote " + text + " in javadoc");
        }
        return "{@code " + text + "}";
    }

    /** The field as declared, e.g. {@code access_hash:flags.0?long}. */
    static String declared(TlParam p) {
        String condition = p.isConditional() ? p.flagsField() + "." + p.flagBit() + "?" : "";
        return p.name() + ":" + condition + p.type();
    }

    /** The description of one record component (or builder value): the TL field and when it is absent. */
    static String field(TlParam p, boolean secret) {
        StringBuilder sb = new StringBuilder(code(declared(p)));
        if (p.isTrueFlag()) {
            sb.append(": bit ").append(p.flagBit()).append(" of ").append(code(p.flagsField()));
        } else if (p.isConditional()) {
            sb.append(", null when absent (bit ").append(p.flagBit()).append(" of ").append(code(p.flagsField()))
                .append(" clear)");
        } else if (p.isFlagsWord()) {
            sb.append(", a flags word no field of this combinator depends on");
        } else if (p.type().name().equals("int128") && !p.type().isVector()) {
            sb.append(", 16 bytes");
        } else if (p.type().name().equals("int256") && !p.type().isVector()) {
            sb.append(", 32 bytes");
        }
        if (secret) {
            sb.append("; a secret, redacted by {@code toString()}");
        }
        return sb.toString();
    }

    /** The link to the combinator's or type's page: {@code kind} is constructor, method or type. */
    static String see(String kind, String tlName) {
        return "@see <a href=\"" + SITE + kind + "/" + tlName + "\">" + kind + " " + tlName + "</a>";
    }

    /** Appends a javadoc comment at {@code indent} from its first sentence and its block tags. */
    static void comment(StringBuilder sb, String indent, String summary, List<String> tags) {
        sb.append(indent).append("/**\n");
        sb.append(indent).append(" * ").append(summary).append('\n');
        if (!tags.isEmpty()) {
            sb.append(indent).append(" *\n");
            for (String tag : tags) {
                sb.append(indent).append(" * ").append(tag).append('\n');
            }
        }
        sb.append(indent).append(" */\n");
    }
}
