package io.mtflux.testkit.layer;

import io.mtflux.codegen.TlCombinator;
import io.mtflux.codegen.TlParam;
import io.mtflux.codegen.TlSchema;
import io.mtflux.codegen.TlType;
import io.mtflux.core.tl.TlDecodeException;
import io.mtflux.core.tl.TlReader;
import io.mtflux.core.tl.TlWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Rewrites serialized TL between layer 228 (the generated classes) and one older layer, by constructor
 * <em>name</em>: a value of {@code user#b1b8cc83} (228) becomes {@code user#8f97c628} (158) with the fields the
 * two declarations share, matched by name. A field the target lacks is dropped; a field only the target has gets
 * its default (flag off when conditional; otherwise 0, "", empty bytes or vector, {@code boolFalse}, or the
 * simplest constructor of its type, an {@code ...Empty} one when there is one). Numbers move between {@code int}
 * and {@code long} when they fit. A constructor or method the target does not have is a
 * {@link LayerTranscodeException}; bytes that are not valid TL of the source layer are a
 * {@link TlDecodeException}.
 *
 * <p>Both directions are planned once, when the transcoder is built: per source constructor, the target id, which
 * source field fills which target field and how, and the target's flag bits and defaults. Transcoding a value is
 * then one pass over its bytes with no reflection and no lookups by name. Instances are immutable and
 * thread-safe. Get them from {@link ApiLayers#transcoder(int)}.
 */
public final class LayerTranscoder {
    static final int BOOL_TRUE = TlWriter.BOOL_TRUE;
    static final int BOOL_FALSE = TlWriter.BOOL_FALSE;
    static final int VECTOR = TlWriter.VECTOR_ID;
    static final int INVOKE_WITH_LAYER = 0xda9b0d0d;
    static final int INVOKE_AFTER_MSG = 0xcb9f372d;
    static final int INVOKE_AFTER_MSGS = 0x3dc4b4f0;
    static final int INVOKE_WITHOUT_UPDATES = 0xbf9459b7;
    private static final int MAX_DEPTH = 64;

    private final int layer;
    private final Direction down;
    private final Direction up;

    private LayerTranscoder(int layer, Direction down, Direction up) {
        this.layer = layer;
        this.down = down;
        this.up = up;
    }

    LayerTranscoder(int layer, TlSchema nativeSchema, TlSchema layerSchema) {
        this(layer, new Direction(ApiLayers.NATIVE, nativeSchema, layer, layerSchema),
            new Direction(layer, layerSchema, ApiLayers.NATIVE, nativeSchema));
    }

    static LayerTranscoder identity() {
        return new LayerTranscoder(ApiLayers.NATIVE, (Direction) null, (Direction) null);
    }

    /** {@return the client-side layer (228 for the identity)} */
    public int layer() {
        return layer;
    }

    /** {@return true for layer 228: nothing to rewrite} */
    public boolean isIdentity() {
        return down == null;
    }

    /**
     * A boxed layer-228 value (a reply or an update) in this layer.
     *
     * @param boxed the value as the generated classes serialize it
     * @return the value in this layer's constructors
     */
    public byte[] toClient(byte[] boxed) {
        return isIdentity() ? boxed : down.run(boxed, false);
    }

    /**
     * A boxed method call of this layer (wrappers such as {@code invokeWithLayer} included, a
     * {@code gzip_packed} one unpacked) in layer 228, for the generated registry to parse.
     *
     * @param boxed the request as the client sent it
     * @return the request in layer 228
     */
    public byte[] toServer(byte[] boxed) {
        return isIdentity() ? boxed : up.run(boxed, true);
    }

    /**
     * A boxed value of this layer in layer 228 (what a client at this layer sent, for tests and tools).
     *
     * @param boxed a boxed value of this layer
     * @return the same value in layer 228
     */
    public byte[] toServerObject(byte[] boxed) {
        return isIdentity() ? boxed : up.run(boxed, false);
    }

    /**
     * A boxed layer-228 method call in this layer (how a test client speaks this layer).
     *
     * @param boxed a boxed layer-228 method call
     * @return the same call in this layer
     */
    public byte[] toClientMethod(byte[] boxed) {
        return isIdentity() ? boxed : down.run(boxed, true);
    }

    /**
     * The layer a request announces: {@code invokeWithLayer}'s number when the request (inside
     * {@code invokeAfterMsg(s)} / {@code invokeWithoutUpdates}, possibly {@code gzip_packed}) starts with it,
     * otherwise 0.
     *
     * @param boxed the request as received
     * @return the announced layer, or 0
     */
    public static int announcedLayer(byte[] boxed) {
        In in = new In(unpack(boxed));
        while (in.remaining() >= 8) {
            int id = in.readInt();
            if (id == INVOKE_WITH_LAYER) {
                return in.readInt();
            } else if (id == INVOKE_AFTER_MSG) {
                in.skip(8);
            } else if (id == INVOKE_WITHOUT_UPDATES) {
                continue;
            } else if (id == INVOKE_AFTER_MSGS) {
                if (in.readInt() != VECTOR) {
                    return 0;
                }
                int count = in.readInt();
                if (count < 0 || count > in.remaining() / 8) {
                    return 0;
                }
                in.skip(count * 8);
            } else {
                return 0;
            }
        }
        return 0;
    }

    /**
     * The payload of a top-level {@code gzip_packed}, or the bytes themselves.
     *
     * @param boxed a boxed value
     * @return the payload or {@code boxed}
     */
    public static byte[] unpack(byte[] boxed) {
        if (boxed.length < 4 || new In(boxed).readInt() != TlReader.GZIP_PACKED_ID) {
            return boxed;
        }
        TlReader r = new TlReader(boxed, 4, boxed.length - 4);
        byte[] inner = r.unknownOrGzip(TlReader.GZIP_PACKED_ID, "Object", x -> x.readRaw(x.remaining()));
        r.expectEnd();
        return inner;
    }

    @Override
    public String toString() {
        return "LayerTranscoder{228<->" + layer + "}";
    }

    // ================================================================== one direction

    /** Everything planned for one direction (source layer to target layer). */
    static final class Direction {
        final int fromLayer;
        final int toLayer;
        /** Source constructor id to plan; null value: the target has no constructor of that name. */
        final Map<Integer, Plan> constructors = new HashMap<>();
        final Map<Integer, Plan> functions = new HashMap<>();
        final Map<Integer, TlCombinator> sourceById = new HashMap<>();
        final Map<String, TlCombinator> sourceByName = new HashMap<>();
        final Map<String, TlCombinator> targetConstructors = new HashMap<>();
        final Map<String, TlCombinator> targetFunctions = new HashMap<>();
        final Map<String, List<TlCombinator>> targetByType = new HashMap<>();
        private final Map<String, byte[]> defaults = new HashMap<>();
        final Codec object = new ObjectCodec(this, false);
        final Codec method = new ObjectCodec(this, true);

        Direction(int fromLayer, TlSchema source, int toLayer, TlSchema target) {
            this.fromLayer = fromLayer;
            this.toLayer = toLayer;
            for (TlCombinator c : target.combinators()) {
                (c.function() ? targetFunctions : targetConstructors).putIfAbsent(c.name(), c);
                if (!c.function()) {
                    targetByType.computeIfAbsent(c.result().name(), k -> new ArrayList<>()).add(c);
                }
            }
            for (TlCombinator c : source.combinators()) {
                sourceById.putIfAbsent(c.id(), c);
                sourceByName.putIfAbsent(c.name(), c);
            }
            for (TlCombinator c : source.combinators()) {
                TlCombinator t = (c.function() ? targetFunctions : targetConstructors).get(c.name());
                Map<Integer, Plan> plans = c.function() ? functions : constructors;
                if (t != null && !plans.containsKey(c.id())) {
                    plans.put(c.id(), new Plan(this, c, t));
                }
            }
        }

        byte[] run(byte[] boxed, boolean isMethod) {
            In in = new In(isMethod ? unpack(boxed) : boxed);
            Out out = new Out(Math.max(64, in.limit + in.limit / 4));
            (isMethod ? method : object).transcode(in, out, 0);
            if (in.remaining() != 0) {
                throw new TlDecodeException("trailing garbage: " + in.remaining() + " bytes after the value",
                    in.pos, 0);
            }
            return out.toByteArray();
        }

        /** The codec carrying a source field of type {@code s} into a target field of type {@code t}, or null. */
        Codec codec(TlType s, TlType t) {
            if (s.isVector() || t.isVector()) {
                if (!s.isVector() || !t.isVector() || s.bare() != t.bare()) {
                    return null;
                }
                Codec element = codec(s.element(), t.element());
                return element == null ? null : new VectorCodec(!s.bare(), element);
            }
            if (s.genericRef() || t.genericRef()) {
                return s.genericRef() && t.genericRef() ? method : null;
            }
            String sn = primitiveName(s.name());
            String tn = primitiveName(t.name());
            boolean sp = TlType.isPrimitive(s.name()) || s.name().equals("Bool");
            boolean tp = TlType.isPrimitive(t.name()) || t.name().equals("Bool");
            if (sp || tp) {
                if (!sp || !tp) {
                    return null;
                }
                if (sn.equals(tn)) {
                    return switch (sn) {
                        case "int" -> Fixed.INT;
                        case "long" -> Fixed.LONG;
                        case "double" -> Fixed.DOUBLE;
                        case "int128" -> Fixed.INT128;
                        case "int256" -> Fixed.INT256;
                        case "string" -> BytesCodec.INSTANCE;
                        case "Bool" -> BoolCodec.INSTANCE;
                        default -> null; // "#" and "true" are not values
                    };
                }
                if (sn.equals("int") && tn.equals("long")) {
                    return IntToLong.INSTANCE;
                }
                if (sn.equals("long") && tn.equals("int")) {
                    return new LongToInt(toLayer);
                }
                return null;
            }
            if (s.bare() || t.bare()) {
                if (!s.bare() || !t.bare() || !s.name().equals(t.name())) {
                    return null;
                }
                TlCombinator sc = sourceByName.get(s.name());
                TlCombinator tc = targetConstructors.get(t.name());
                return sc == null || tc == null ? null : new BareCodec(this, sc, tc);
            }
            return object;
        }

        /** The bytes of the default value of a target field type, or null when the type has none. */
        byte[] defaultValue(TlType t) {
            return defaultValue(t, 0);
        }

        private byte[] defaultValue(TlType t, int depth) {
            String key = t.toString() + (t.bare() ? "%" : "");
            if (defaults.containsKey(key)) {
                return defaults.get(key);
            }
            byte[] value = computeDefault(t, depth);
            if (depth == 0 || value != null) {
                defaults.put(key, value);
            }
            return value;
        }

        private byte[] computeDefault(TlType t, int depth) {
            if (t.isVector()) {
                Out out = new Out(8);
                if (!t.bare()) {
                    out.writeInt(VECTOR);
                }
                out.writeInt(0);
                return out.toByteArray();
            }
            switch (primitiveName(t.name())) {
                case "int":
                    return new byte[4];
                case "long":
                case "double":
                    return new byte[8];
                case "int128":
                    return new byte[16];
                case "int256":
                    return new byte[32];
                case "string":
                    return new byte[4];
                case "Bool":
                    return le(BOOL_FALSE);
                default:
                    break;
            }
            if (t.genericRef() || depth > 4) {
                return null;
            }
            if (t.bare()) {
                TlCombinator c = targetConstructors.get(t.name());
                return c == null ? null : defaultFields(c, depth, false);
            }
            List<TlCombinator> candidates = targetByType.getOrDefault(t.name(), List.of());
            for (TlCombinator c : candidates) {
                if (c.name().endsWith("Empty")) {
                    byte[] value = defaultFields(c, depth, true);
                    if (value != null) {
                        return value;
                    }
                }
            }
            byte[] best = null;
            for (TlCombinator c : candidates) {
                byte[] value = defaultFields(c, depth, true);
                if (value != null && (best == null || value.length < best.length)) {
                    best = value;
                }
            }
            return best;
        }

        private byte[] defaultFields(TlCombinator c, int depth, boolean boxed) {
            Out out = new Out(32);
            if (boxed) {
                out.writeInt(c.id());
            }
            for (TlParam p : c.params()) {
                if (p.isFlagsWord()) {
                    out.writeInt(0);
                } else if (!p.isConditional()) {
                    byte[] value = defaultValue(p.type(), depth + 1);
                    if (value == null) {
                        return null;
                    }
                    out.write(value, 0, value.length);
                }
            }
            return out.toByteArray();
        }

        /** Skips one value of a source type (a field the target does not have). */
        void skip(TlType type, In in, int depth) {
            if (depth > MAX_DEPTH) {
                throw new TlDecodeException("nesting deeper than " + MAX_DEPTH + " objects", in.pos, 0);
            }
            if (type.isVector()) {
                if (!type.bare() && in.readInt() != VECTOR) {
                    throw new TlDecodeException("expected a Vector", in.pos - 4, 0);
                }
                int count = in.readCount();
                for (int i = 0; i < count; i++) {
                    skip(type.element(), in, depth + 1);
                }
                return;
            }
            switch (primitiveName(type.name())) {
                case "int" -> in.skip(4);
                case "long", "double" -> in.skip(8);
                case "int128" -> in.skip(16);
                case "int256" -> in.skip(32);
                case "string" -> in.skip(in.bytesSpan());
                case "Bool" -> BoolCodec.readBool(in);
                default -> {
                    TlCombinator c;
                    if (type.bare()) {
                        c = sourceByName.get(type.name());
                    } else {
                        int at = in.pos;
                        int id = in.readInt();
                        if (id == TlReader.GZIP_PACKED_ID) {
                            In inner = new In(inflate(in));
                            skip(type, inner, depth + 1);
                            inner.expectEnd();
                            return;
                        }
                        c = sourceById.get(id);
                        if (c == null) {
                            throw new TlDecodeException("unknown constructor " + hex(id) + " in layer " + fromLayer,
                                at, id);
                        }
                    }
                    if (c == null) {
                        throw new TlDecodeException("unknown bare type " + type.name(), in.pos, 0);
                    }
                    skipFields(c, in, depth + 1);
                }
            }
        }

        void skipFields(TlCombinator c, In in, int depth) {
            Map<String, Integer> flags = new HashMap<>();
            for (TlParam p : c.params()) {
                if (p.isFlagsWord()) {
                    flags.put(p.name(), in.readInt());
                } else if (p.isConditional()) {
                    int word = flags.getOrDefault(p.flagsField(), 0);
                    if ((word & (1 << p.flagBit())) != 0 && !p.isTrueFlag()) {
                        skip(p.type(), in, depth);
                    }
                } else {
                    skip(p.type(), in, depth);
                }
            }
        }
    }

    static String primitiveName(String name) {
        return name.equals("bytes") ? "string" : name;
    }

    static String hex(int id) {
        return String.format("#%08x", id);
    }

    static byte[] le(int v) {
        return new byte[] {(byte) v, (byte) (v >>> 8), (byte) (v >>> 16), (byte) (v >>> 24)};
    }

    static byte[] inflate(In in) {
        TlReader r = new TlReader(in.buf, in.pos, in.limit - in.pos);
        byte[] inner = r.unknownOrGzip(TlReader.GZIP_PACKED_ID, "Object", x -> x.readRaw(x.remaining()));
        in.pos += r.offset();
        return inner;
    }

    // ================================================================== plans and codecs

    /** Reads one source value and writes it in the target layer. */
    interface Codec {
        void transcode(In in, Out out, int depth);
    }

    /** How one source constructor becomes its target namesake. */
    static final class Plan {
        private static final int FLAGS = 0;
        private static final int TRUE_FLAG = 1;
        private static final int VALUE = 2;

        final Direction direction;
        final String name;
        final int sourceId;
        final int targetId;
        /** Per source param: kind, flags-word index (FLAGS) or guarding word (-1: none), bit, target slot. */
        private final int[] sKind;
        private final int[] sWord;
        private final int[] sBit;
        private final int[] sSlot;
        private final Codec[] sCodec;
        private final TlType[] sType;
        private final int sourceWords;
        /** Per target param: kind, flags word index, slot, default bytes (null: none; unused when conditional). */
        private final int[] tKind;
        private final int[] tWord;
        private final int[] tBit;
        private final int[] tSlot;
        private final boolean[] tConditional;
        private final byte[][] tDefault;
        private final String[] tName;
        /** Per target flags word (by index): the slots and bits of the fields it guards. */
        private final int[][] wordSlots;
        private final int[][] wordBits;
        private final int slots;

        Plan(Direction d, TlCombinator source, TlCombinator target) {
            this.direction = d;
            this.name = source.name();
            this.sourceId = source.id();
            this.targetId = target.id();
            List<TlParam> tp = target.params();
            int n = tp.size();
            tKind = new int[n];
            tWord = new int[n];
            tBit = new int[n];
            tSlot = new int[n];
            tConditional = new boolean[n];
            tDefault = new byte[n][];
            tName = new String[n];
            Map<String, Integer> targetWords = new HashMap<>();
            Map<String, Integer> targetSlotByName = new HashMap<>();
            int slot = 0;
            for (int i = 0; i < n; i++) {
                TlParam p = tp.get(i);
                tName[i] = p.name();
                tSlot[i] = -1;
                tWord[i] = -1;
                if (p.isFlagsWord()) {
                    tKind[i] = FLAGS;
                    tWord[i] = targetWords.size();
                    targetWords.put(p.name(), tWord[i]);
                    continue;
                }
                tKind[i] = p.isTrueFlag() ? TRUE_FLAG : VALUE;
                tConditional[i] = p.isConditional();
                if (p.isConditional()) {
                    tWord[i] = targetWords.get(p.flagsField());
                    tBit[i] = p.flagBit();
                } else {
                    tDefault[i] = d.defaultValue(p.type());
                }
                tSlot[i] = slot;
                targetSlotByName.put(p.name(), i);
                slot++;
            }
            slots = slot;
            wordSlots = new int[targetWords.size()][];
            wordBits = new int[targetWords.size()][];
            for (int w = 0; w < wordSlots.length; w++) {
                List<Integer> guarded = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    if (tKind[i] != FLAGS && tWord[i] == w) {
                        guarded.add(i);
                    }
                }
                wordSlots[w] = guarded.stream().mapToInt(i -> tSlot[i]).toArray();
                wordBits[w] = guarded.stream().mapToInt(i -> 1 << tBit[i]).toArray();
            }
            List<TlParam> sp = source.params();
            int m = sp.size();
            sKind = new int[m];
            sWord = new int[m];
            sBit = new int[m];
            sSlot = new int[m];
            sCodec = new Codec[m];
            sType = new TlType[m];
            Map<String, Integer> sourceWordIndex = new HashMap<>();
            for (int i = 0; i < m; i++) {
                TlParam p = sp.get(i);
                sType[i] = p.type();
                sSlot[i] = -1;
                sWord[i] = -1;
                if (p.isFlagsWord()) {
                    sKind[i] = FLAGS;
                    sWord[i] = sourceWordIndex.size();
                    sourceWordIndex.put(p.name(), sWord[i]);
                    continue;
                }
                sKind[i] = p.isTrueFlag() ? TRUE_FLAG : VALUE;
                if (p.isConditional()) {
                    sWord[i] = sourceWordIndex.get(p.flagsField());
                    sBit[i] = p.flagBit();
                }
                Integer ti = targetSlotByName.get(p.name());
                if (ti == null) {
                    continue;
                }
                TlParam t = tp.get(ti);
                if (p.isTrueFlag() || t.isTrueFlag()) {
                    if (p.isTrueFlag() && t.isTrueFlag()) {
                        sSlot[i] = tSlot[ti];
                    }
                    continue;
                }
                Codec codec = d.codec(p.type(), t.type());
                if (codec != null) {
                    sSlot[i] = tSlot[ti];
                    sCodec[i] = codec;
                }
            }
            sourceWords = sourceWordIndex.size();
        }

        /** Reads the source fields (the id is already read) and writes the target value, boxed or bare. */
        void run(In in, Out out, int depth, boolean boxed) {
            int mark = out.size;
            int[] start = new int[slots];
            int[] end = new int[slots];
            Arrays.fill(start, -1);
            int[] words = sourceWords == 0 ? null : new int[sourceWords];
            for (int i = 0; i < sKind.length; i++) {
                int kind = sKind[i];
                if (kind == FLAGS) {
                    words[sWord[i]] = in.readInt();
                    continue;
                }
                if (sWord[i] >= 0 && (words[sWord[i]] & (1 << sBit[i])) == 0) {
                    continue; // absent
                }
                int slot = sSlot[i];
                if (kind == TRUE_FLAG) {
                    if (slot >= 0) {
                        start[slot] = out.size;
                        end[slot] = out.size;
                    }
                    continue;
                }
                if (slot < 0) {
                    direction.skip(sType[i], in, depth + 1);
                    continue;
                }
                int at = out.size;
                sCodec[i].transcode(in, out, depth + 1);
                start[slot] = at;
                end[slot] = out.size;
            }
            int begin = out.size;
            if (boxed) {
                out.writeInt(targetId);
            }
            for (int i = 0; i < tKind.length; i++) {
                int kind = tKind[i];
                if (kind == FLAGS) {
                    int[] guarded = wordSlots[tWord[i]];
                    int[] bits = wordBits[tWord[i]];
                    int word = 0;
                    for (int j = 0; j < guarded.length; j++) {
                        if (start[guarded[j]] >= 0) {
                            word |= bits[j];
                        }
                    }
                    out.writeInt(word);
                } else if (kind == VALUE) {
                    int slot = tSlot[i];
                    if (start[slot] >= 0) {
                        out.copyWithin(start[slot], end[slot] - start[slot]);
                    } else if (!tConditional[i]) {
                        byte[] value = tDefault[i];
                        if (value == null) {
                            throw new LayerTranscodeException("layer " + direction.toLayer + " needs " + name + "."
                                + tName[i] + ", which layer " + direction.fromLayer
                                + " does not carry and whose type has no default", sourceId);
                        }
                        out.write(value, 0, value.length);
                    }
                }
            }
            out.moveDown(begin, mark);
        }
    }

    /** A boxed object (or, for {@code !X}, a method): looked up by its id, then its plan. */
    static final class ObjectCodec implements Codec {
        private final Direction d;
        private final boolean function;

        ObjectCodec(Direction d, boolean function) {
            this.d = d;
            this.function = function;
        }

        @Override
        public void transcode(In in, Out out, int depth) {
            if (depth > MAX_DEPTH) {
                throw new TlDecodeException("nesting deeper than " + MAX_DEPTH + " objects", in.pos, 0);
            }
            int at = in.pos;
            int id = in.readInt();
            Plan plan = (function ? d.functions : d.constructors).get(id);
            if (plan != null) {
                plan.run(in, out, depth, true);
                return;
            }
            if (id == TlReader.GZIP_PACKED_ID) {
                In inner = new In(inflate(in));
                transcode(inner, out, depth + 1);
                inner.expectEnd();
                return;
            }
            if (!function && (id == BOOL_TRUE || id == BOOL_FALSE)) {
                out.writeInt(id);
                return;
            }
            if (!function && id == VECTOR) {
                throw new TlDecodeException("a bare Vector where an object was expected", at, id);
            }
            TlCombinator known = d.sourceById.get(id);
            if (known == null || known.function() != function) {
                throw new TlDecodeException("unknown " + (function ? "method " : "constructor ") + hex(id)
                    + " in layer " + d.fromLayer, at, id);
            }
            throw new LayerTranscodeException((function ? "method " : "constructor ") + known.name() + hex(id)
                + " of layer " + d.fromLayer + " has no counterpart in layer " + d.toLayer, id);
        }
    }

    /** A bare constructor reference ({@code %T} or a lowercase type): the fields without an id. */
    static final class BareCodec implements Codec {
        private final Plan plan;

        BareCodec(Direction d, TlCombinator source, TlCombinator target) {
            this.plan = new Plan(d, source, target);
        }

        @Override
        public void transcode(In in, Out out, int depth) {
            plan.run(in, out, depth, false);
        }
    }

    /** {@code Vector<T>} (boxed) or {@code vector<T>} (bare). */
    static final class VectorCodec implements Codec {
        private final boolean boxed;
        private final Codec element;

        VectorCodec(boolean boxed, Codec element) {
            this.boxed = boxed;
            this.element = element;
        }

        @Override
        public void transcode(In in, Out out, int depth) {
            if (boxed) {
                int at = in.pos;
                int id = in.readInt();
                if (id != VECTOR) {
                    throw new TlDecodeException("expected Vector " + hex(VECTOR) + ", got " + hex(id), at, id);
                }
                out.writeInt(VECTOR);
            }
            int count = in.readCount();
            out.writeInt(count);
            for (int i = 0; i < count; i++) {
                element.transcode(in, out, depth);
            }
        }
    }

    /** Fixed-size values copied as they are. */
    enum Fixed implements Codec {
        INT(4), LONG(8), DOUBLE(8), INT128(16), INT256(32);

        private final int size;

        Fixed(int size) {
            this.size = size;
        }

        @Override
        public void transcode(In in, Out out, int depth) {
            in.need(size);
            out.write(in.buf, in.pos, size);
            in.pos += size;
        }
    }

    /** {@code string} and {@code bytes}: copied with their length prefix and padding. */
    enum BytesCodec implements Codec {
        INSTANCE;

        @Override
        public void transcode(In in, Out out, int depth) {
            int span = in.bytesSpan();
            out.write(in.buf, in.pos, span);
            in.pos += span;
        }
    }

    /** {@code Bool}: boolTrue or boolFalse. */
    enum BoolCodec implements Codec {
        INSTANCE;

        @Override
        public void transcode(In in, Out out, int depth) {
            out.writeInt(readBool(in));
        }

        static int readBool(In in) {
            int at = in.pos;
            int id = in.readInt();
            if (id != BOOL_TRUE && id != BOOL_FALSE) {
                throw new TlDecodeException("expected Bool, got " + hex(id), at, id);
            }
            return id;
        }
    }

    /** An {@code int} field that became a {@code long}. */
    enum IntToLong implements Codec {
        INSTANCE;

        @Override
        public void transcode(In in, Out out, int depth) {
            out.writeLong(in.readInt());
        }
    }

    /** A {@code long} field that is an {@code int} in the target: fails when the value does not fit. */
    static final class LongToInt implements Codec {
        private final int toLayer;

        LongToInt(int toLayer) {
            this.toLayer = toLayer;
        }

        @Override
        public void transcode(In in, Out out, int depth) {
            long v = in.readLong();
            if (v != (int) v) {
                throw new LayerTranscodeException("a long value does not fit the int of layer " + toLayer, 0);
            }
            out.writeInt((int) v);
        }
    }

    // ================================================================== bytes in, bytes out

    /** A bounds-checked little-endian cursor. */
    static final class In {
        final byte[] buf;
        final int limit;
        int pos;

        In(byte[] buf) {
            this.buf = buf;
            this.limit = buf.length;
        }

        int remaining() {
            return limit - pos;
        }

        void need(int n) {
            if (limit - pos < n) {
                throw new TlDecodeException("unexpected end of input: need " + n + " bytes, " + (limit - pos)
                    + " left", pos, 0);
            }
        }

        void skip(int n) {
            need(n);
            pos += n;
        }

        int readInt() {
            need(4);
            int v = (buf[pos] & 0xff) | (buf[pos + 1] & 0xff) << 8 | (buf[pos + 2] & 0xff) << 16
                | (buf[pos + 3] & 0xff) << 24;
            pos += 4;
            return v;
        }

        long readLong() {
            long lo = readInt() & 0xffffffffL;
            return lo | ((long) readInt()) << 32;
        }

        int readCount() {
            int count = readInt();
            if (count < 0 || count > (limit - pos) / 4) {
                throw new TlDecodeException("vector count " + Integer.toUnsignedString(count) + " exceeds the "
                    + (limit - pos) + " bytes left", pos - 4, 0);
            }
            return count;
        }

        /** The whole size (prefix, payload, padding) of the string/bytes value at the cursor, checked. */
        int bytesSpan() {
            need(1);
            int first = buf[pos] & 0xff;
            int length;
            int header;
            if (first < 254) {
                length = first;
                header = 1;
            } else if (first == 254) {
                need(4);
                length = (buf[pos + 1] & 0xff) | (buf[pos + 2] & 0xff) << 8 | (buf[pos + 3] & 0xff) << 16;
                header = 4;
            } else {
                throw new TlDecodeException("invalid bytes/string length marker 0xff", pos, 0);
            }
            int total = (header + length + 3) & ~3;
            need(total);
            return total;
        }

        void expectEnd() {
            if (pos != limit) {
                throw new TlDecodeException("trailing garbage: " + (limit - pos) + " bytes after the value", pos, 0);
            }
        }
    }

    /** A growable output buffer that can copy its own earlier bytes to its end. */
    static final class Out {
        byte[] buf;
        int size;

        Out(int capacity) {
            buf = new byte[capacity];
        }

        private void ensure(int more) {
            if (buf.length - size < more) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
            }
        }

        void writeInt(int v) {
            ensure(4);
            buf[size] = (byte) v;
            buf[size + 1] = (byte) (v >>> 8);
            buf[size + 2] = (byte) (v >>> 16);
            buf[size + 3] = (byte) (v >>> 24);
            size += 4;
        }

        void writeLong(long v) {
            writeInt((int) v);
            writeInt((int) (v >>> 32));
        }

        void write(byte[] src, int offset, int length) {
            ensure(length);
            System.arraycopy(src, offset, buf, size, length);
            size += length;
        }

        /** Appends a copy of {@code [from, from + length)} of this buffer. */
        void copyWithin(int from, int length) {
            ensure(length);
            System.arraycopy(buf, from, buf, size, length);
            size += length;
        }

        /** Moves {@code [from, size)} down to {@code to}, dropping what was between. */
        void moveDown(int from, int to) {
            if (from != to) {
                System.arraycopy(buf, from, buf, to, size - from);
                size = to + (size - from);
            }
        }

        byte[] toByteArray() {
            return Arrays.copyOf(buf, size);
        }
    }
}
