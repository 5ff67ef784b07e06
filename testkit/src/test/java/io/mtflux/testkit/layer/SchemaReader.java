package io.mtflux.testkit.layer;

import io.mtflux.codegen.TlCombinator;
import io.mtflux.codegen.TlParam;
import io.mtflux.codegen.TlSchema;
import io.mtflux.codegen.TlType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A test oracle independent of {@link LayerTranscoder}: reads TL bytes by interpreting one layer's schema, the
 * way a client of that layer does, into a tree of {@link Node}s. Fails on a constructor id the layer does not
 * have and on bytes left over.
 */
public final class SchemaReader {
    private final int layer;
    private final Map<Integer, TlCombinator> byId = new HashMap<>();
    private final Map<String, TlCombinator> byName = new HashMap<>();

    private SchemaReader(int layer, TlSchema schema) {
        this.layer = layer;
        for (TlCombinator c : schema.combinators()) {
            byId.putIfAbsent(c.id(), c);
            byName.putIfAbsent(c.name(), c);
        }
    }

    /** A reader for a known layer. */
    public static SchemaReader of(int layer) {
        return new SchemaReader(layer, ApiLayers.load(layer));
    }

    /** A reader for any parsed schema. */
    static SchemaReader of(TlSchema schema) {
        return new SchemaReader(schema.layer(), schema);
    }

    /** The id of a constructor or method of this layer, by name. */
    public int id(String name) {
        TlCombinator c = byName.get(name);
        if (c == null) {
            throw new IllegalArgumentException(name + " is not in layer " + layer);
        }
        return c.id();
    }

    /** Reads one boxed value (a constructor or a method call) that must fill {@code bytes} exactly. */
    public Node read(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        Node node = boxed(in);
        if (in.hasRemaining()) {
            throw new IllegalStateException(in.remaining() + " bytes left after " + node.name());
        }
        return node;
    }

    /** Reads a boxed {@code Vector} of objects (e.g. the result of users.getUsers) that fills {@code bytes}. */
    @SuppressWarnings("unchecked")
    public List<Node> readVector(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        List<Node> list = (List<Node>) value(TlType.parse("Vector<Object>"), in);
        if (in.hasRemaining()) {
            throw new IllegalStateException(in.remaining() + " bytes left after a vector");
        }
        return list;
    }

    private Node boxed(ByteBuffer in) {
        int id = in.getInt();
        if (id == 0x997275b5 || id == 0xbc799737) { // built in, some schemas do not list them
            return new Node(id == 0x997275b5 ? "boolTrue" : "boolFalse", id, Map.of());
        }
        TlCombinator c = byId.get(id);
        if (c == null) {
            throw new IllegalStateException(String.format("layer %d has no constructor #%08x", layer, id));
        }
        return fields(c, in);
    }

    private Node fields(TlCombinator c, ByteBuffer in) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (TlParam p : c.params()) {
            if (p.isFlagsWord()) {
                values.put(p.name(), in.getInt());
            } else if (p.isConditional()) {
                boolean set = (((Integer) values.get(p.flagsField())) & (1 << p.flagBit())) != 0;
                if (p.isTrueFlag()) {
                    values.put(p.name(), set);
                } else if (set) {
                    values.put(p.name(), value(p.type(), in));
                }
            } else {
                values.put(p.name(), value(p.type(), in));
            }
        }
        return new Node(c.name(), c.id(), values);
    }

    private Object value(TlType t, ByteBuffer in) {
        if (t.isVector()) {
            if (!t.bare()) {
                int id = in.getInt();
                if (id != 0x1cb5c415) {
                    throw new IllegalStateException(String.format("expected a vector, got #%08x", id));
                }
            }
            int n = in.getInt();
            List<Object> list = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                list.add(value(t.element(), in));
            }
            return list;
        }
        if (t.genericRef()) {
            return boxed(in);
        }
        switch (t.name()) {
            case "int":
                return in.getInt();
            case "long":
                return in.getLong();
            case "double":
                return in.getDouble();
            case "int128":
                return raw(in, 16);
            case "int256":
                return raw(in, 32);
            case "bytes":
                return bytes(in);
            case "string":
                return new String(bytes(in), StandardCharsets.UTF_8);
            case "Bool": {
                int id = in.getInt();
                if (id != 0x997275b5 && id != 0xbc799737) {
                    throw new IllegalStateException(String.format("expected a Bool, got #%08x", id));
                }
                return id == 0x997275b5;
            }
            default:
                break;
        }
        if (t.bare()) {
            return fields(byName.get(t.name()), in);
        }
        return boxed(in);
    }

    private static byte[] raw(ByteBuffer in, int n) {
        byte[] b = new byte[n];
        in.get(b);
        return b;
    }

    private static byte[] bytes(ByteBuffer in) {
        int first = in.get() & 0xff;
        int length;
        int header = 1;
        if (first == 254) {
            length = (in.get() & 0xff) | (in.get() & 0xff) << 8 | (in.get() & 0xff) << 16;
            header = 4;
        } else {
            length = first;
        }
        byte[] b = raw(in, length);
        in.position(in.position() + ((4 - (header + length) % 4) % 4));
        return b;
    }

    /**
     * One decoded constructor.
     *
     * @param name its TL name in this layer
     * @param id its id in this layer
     * @param fields its fields by name, in order (flags words as Integer, true flags as Boolean)
     */
    public record Node(String name, int id, Map<String, Object> fields) {

        /** A field's value (null when absent). */
        public Object get(String field) {
            return fields.get(field);
        }

        /** A nested object field. */
        public Node node(String field) {
            return (Node) fields.get(field);
        }

        /** A vector field of objects. */
        @SuppressWarnings("unchecked")
        public List<Node> nodes(String field) {
            return (List<Node>) fields.get(field);
        }
    }
}
