package io.mtflux.core.tl.testing;

import io.mtflux.codegen.TlCombinator;
import io.mtflux.codegen.TlParam;
import io.mtflux.codegen.TlSchema;
import io.mtflux.codegen.TlSchemaParser;
import io.mtflux.codegen.TlType;
import io.mtflux.core.tl.TlObject;
import io.mtflux.core.tl.api.ApiSchema;
import io.mtflux.core.tl.mtproto.MtprotoSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Builds random values of every generated TL class, driven by the schema itself (parsed with the generator's
 * parser), so it knows which fields are optional, which share a flag bit and which are int128/int256. Values
 * favour the edges: min/max integers, empty strings, the 253/254-byte length boundary, and now and then 1 MiB.
 */
public final class RandomTl {
    /** Beyond this depth, vectors are empty, optional fields absent and the smallest constructor is chosen. */
    private static final int MAX_DEPTH = 4;

    /** One parsed schema with its generated classes. */
    public static final class Schema {
        final Map<Integer, TlCombinator> byId = new HashMap<>();
        final Map<Integer, Class<? extends TlObject>> classes = new HashMap<>();
        final Map<String, List<TlCombinator>> byType = new HashMap<>();
        final Map<String, TlCombinator> byName = new HashMap<>();
        final List<TlCombinator> plainFunctions = new ArrayList<>();
        final List<TlCombinator> all = new ArrayList<>();

        Schema(Path file, List<Class<? extends TlObject>> generated) {
            TlSchema schema;
            try {
                schema = TlSchemaParser.parse(Files.readString(file), file.toString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            for (Class<? extends TlObject> cls : generated) {
                try {
                    classes.put(cls.getField("ID").getInt(null), cls);
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(cls + " has no ID", e);
                }
            }
            for (TlCombinator c : schema.combinators()) {
                if (!classes.containsKey(c.id())) {
                    continue; // runtime built-ins: Bool, true, vector, gzip_packed
                }
                byId.put(c.id(), c);
                byName.put(c.name(), c);
                all.add(c);
                if (!c.function()) {
                    byType.computeIfAbsent(c.result().name(), k -> new ArrayList<>()).add(c);
                } else if (c.generics().isEmpty()) {
                    plainFunctions.add(c);
                }
            }
        }

        /** Every constructor and method of the schema that has a generated class. */
        public List<TlCombinator> combinators() {
            return all;
        }

        /** The generated class of a combinator. */
        public Class<? extends TlObject> classOf(TlCombinator c) {
            return classes.get(c.id());
        }
    }

    private static Schema api;
    private static Schema mtproto;

    /** The API schema (layer 228) as the build generated it. */
    public static synchronized Schema api() {
        if (api == null) {
            api = new Schema(Path.of("src/main/tl/api-layer228.tl"), ApiSchema.classes());
        }
        return api;
    }

    /** The MTProto service schema. */
    public static synchronized Schema mtproto() {
        if (mtproto == null) {
            mtproto = new Schema(Path.of("src/main/tl/mtproto.tl"), MtprotoSchema.classes());
        }
        return mtproto;
    }

    private final Random random;
    private final double hugeChance;

    /**
     * @param seed the seed: the same seed gives the same values
     * @param hugeChance probability that a top-level bytes value is 1 MiB long
     */
    public RandomTl(long seed, double hugeChance) {
        this.random = new Random(seed);
        this.hugeChance = hugeChance;
    }

    /** A random instance of the given constructor or method. */
    public TlObject instance(Schema schema, TlCombinator c) {
        return instance(schema, c, 0);
    }

    private TlObject instance(Schema schema, TlCombinator c, int depth) {
        Class<? extends TlObject> cls = schema.classOf(c);
        RecordComponent[] components = cls.getRecordComponents();
        Map<String, Boolean> present = new HashMap<>();
        List<Object> args = new ArrayList<>();
        for (TlParam p : c.params()) {
            if (p.isFlagsWord() && c.params().stream().anyMatch(q -> p.name().equals(q.flagsField()))) {
                continue;
            }
            if (p.isConditional()) {
                boolean on = present.computeIfAbsent(p.flagsField() + "." + p.flagBit(),
                    k -> depth < MAX_DEPTH && random.nextBoolean());
                args.add(p.isTrueFlag() ? on : on ? value(schema, p.type(), c, depth) : null);
            } else {
                args.add(value(schema, p.isFlagsWord() ? TlType.parse("int") : p.type(), c, depth));
            }
        }
        if (args.size() != components.length) {
            throw new IllegalStateException(c.name() + ": " + args.size() + " values for " + components.length
                + " record components");
        }
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
        }
        try {
            Constructor<? extends TlObject> ctor = cls.getDeclaredConstructor(types);
            return ctor.newInstance(args.toArray());
        } catch (InvocationTargetException e) {
            throw new IllegalStateException(c.name() + " rejected " + args, e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(c.name(), e);
        }
    }

    private Object value(Schema schema, TlType t, TlCombinator owner, int depth) {
        if (t.genericRef()) {
            return instance(schema, pick(schema.plainFunctions, depth + 1), depth + 1);
        }
        if (t.isVector()) {
            int n = depth >= MAX_DEPTH ? 0 : random.nextInt(4);
            List<Object> list = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                list.add(value(schema, t.element(), owner, depth + 1));
            }
            return list;
        }
        switch (t.name()) {
            case "int":
                return anInt();
            case "long":
                return aLong();
            case "double":
                return aDouble();
            case "Bool":
                return random.nextBoolean();
            case "string":
                return aString();
            case "bytes":
                return aBytes(depth);
            case "int128":
                return fixed(16);
            case "int256":
                return fixed(32);
            case "Object":
                return instance(schema, pick(schema.plainFunctions, depth + 1), depth + 1);
            default:
                break;
        }
        if (t.bare()) {
            return instance(schema, schema.byName.get(t.name()), depth + 1);
        }
        List<TlCombinator> options = schema.byType.get(t.name());
        if (options == null) {
            throw new IllegalStateException(owner.name() + ": no constructors for " + t);
        }
        return instance(schema, pick(options, depth + 1), depth + 1);
    }

    private TlCombinator pick(List<TlCombinator> options, int depth) {
        if (depth < MAX_DEPTH) {
            return options.get(random.nextInt(options.size()));
        }
        return options.stream().min(Comparator.comparingInt(RandomTl::weight)).orElseThrow();
    }

    /** How many nested objects a constructor forces: the smallest one ends the recursion. */
    private static int weight(TlCombinator c) {
        int w = 0;
        for (TlParam p : c.params()) {
            if (!p.isConditional() && !TlType.isPrimitive(p.type().name()) && !p.type().isVector()) {
                w += 10;
            }
            w++;
        }
        return w;
    }

    private int anInt() {
        return switch (random.nextInt(6)) {
            case 0 -> 0;
            case 1 -> Integer.MIN_VALUE;
            case 2 -> Integer.MAX_VALUE;
            case 3 -> -1;
            default -> random.nextInt();
        };
    }

    private long aLong() {
        return switch (random.nextInt(6)) {
            case 0 -> 0L;
            case 1 -> Long.MIN_VALUE;
            case 2 -> Long.MAX_VALUE;
            case 3 -> -1L;
            default -> random.nextLong();
        };
    }

    private double aDouble() {
        return switch (random.nextInt(6)) {
            case 0 -> 0.0;
            case 1 -> -Double.MAX_VALUE;
            case 2 -> Double.NaN;
            case 3 -> Double.MIN_VALUE;
            default -> random.nextDouble() * 1e6 - 5e5;
        };
    }

    private int aLength() {
        return switch (random.nextInt(6)) {
            case 0 -> 0;
            case 1 -> 253;
            case 2 -> 254;
            case 3 -> 1;
            default -> random.nextInt(300);
        };
    }

    private String aString() {
        int length = aLength();
        if (random.nextBoolean()) {
            return "x".repeat(length); // exact byte length: hits the 253/254 boundary
        }
        StringBuilder sb = new StringBuilder();
        int[] alphabet = {'a', 'Z', '0', ' ', 0xe9, 0x20ac, 0x1f600, 0x4e2d};
        while (sb.length() < length) {
            sb.appendCodePoint(alphabet[random.nextInt(alphabet.length)]);
        }
        return sb.toString();
    }

    private byte[] aBytes(int depth) {
        int length = depth <= 1 && random.nextDouble() < hugeChance ? 1 << 20 : aLength();
        return fixed(length);
    }

    private byte[] fixed(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }
}
