package io.mtflux.core.tl;

import static org.assertj.core.api.Assertions.assertThat;

import io.mtflux.core.tl.api.help.HelpGetNearestDc;
import java.lang.reflect.Constructor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every generated TL type, walked by reflection: each string or bytes field (or vector of them) whose schema name
 * marks a secret gets a recognisable value, and {@code toString()} must not show it (neither as text nor as hex).
 *
 * <p>What marks a secret is decided here, apart from the generator, so that the two are checked against each other:
 * a name with one of the words below (split at {@code _}), or one of the whole names; names whose value is public
 * by nature are exempt. The words: the 2FA password and its hashes, login codes and their hashes, tokens, secrets,
 * keys and IVs, the api_hash and other credential hashes, handshake nonces and seeds.
 */
class TlRedactionWalkTest {
    private static final Set<String> SECRET_WORDS = Set.of("password", "code", "token", "tokens", "secret", "hash",
        "key", "iv", "nonce", "seed");
    private static final Set<String> SECRET_NAMES = Set.of("bytes", "a", "m1", "secure_random");
    private static final Set<String> PUBLIC_NAMES = Set.of("public_key", "lang_code", "system_lang_code",
        "base_lang_code", "suggested_lang_code", "country_code", "plural_code");
    private static final int MAX_DEPTH = 8;
    /** Why the last construction failed (for the report). */
    private static Throwable lastFailure;

    /** The schema name of a record component: camelCase back to snake_case. */
    static String schemaName(String component) {
        return component.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }

    static boolean marksSecret(String schemaName) {
        if (SECRET_NAMES.contains(schemaName)) {
            return true;
        }
        if (PUBLIC_NAMES.contains(schemaName)) {
            return false;
        }
        return Arrays.stream(schemaName.split("_")).anyMatch(SECRET_WORDS::contains);
    }

    @Test
    void noGeneratedTypePrintsAFieldWhoseNameMarksASecret() throws Exception {
        List<Class<?>> types = new ArrayList<>();
        types.addAll(generated("io/mtflux/core/tl/api"));
        types.addAll(generated("io/mtflux/core/tl/mtproto"));
        assertThat(types).hasSizeGreaterThan(1000);
        List<String> printed = new ArrayList<>();
        List<String> unbuilt = new ArrayList<>();
        int checked = 0;
        for (Class<?> type : types) {
            RecordComponent[] components = type.getRecordComponents();
            for (int i = 0; i < components.length; i++) {
                RecordComponent c = components[i];
                if (!holdsText(c) || !marksSecret(schemaName(c.getName()))) {
                    continue;
                }
                String secret = "S3cr3t-" + type.getSimpleName() + "-" + c.getName();
                Object instance = build(type, i, secret);
                if (instance == null) {
                    unbuilt.add(type.getName() + "." + c.getName() + ": " + lastFailure);
                    continue;
                }
                String shown = instance.toString();
                if (shownForms(c.getAccessor().invoke(instance)).stream().anyMatch(shown::contains)) {
                    printed.add(type.getName() + "." + c.getName());
                }
                checked++;
            }
        }
        assertThat(unbuilt).as("types the walk could not build").isEmpty();
        assertThat(printed).as("fields whose name marks a secret, printed by toString()").isEmpty();
        // tmp_password, phone_code_hash, api_hash, bot_auth_token, ...: many fields, not a handful
        assertThat(checked).isGreaterThan(100);
    }

    @Test
    void theNamesThatMarkASecret() {
        assertThat(Stream.of("tmp_password", "phone_code_hash", "api_hash", "bot_auth_token", "new_password_hash",
            "A", "M1", "bytes", "secure_secret", "encryption_iv", "logout_tokens", "new_nonce", "code")
            .map(n -> marksSecret(n.toLowerCase(Locale.ROOT)))).containsOnly(true);
        assertThat(Stream.of("lang_code", "public_key", "keyword", "video_codec", "first_name", "codes")
            .map(TlRedactionWalkTest::marksSecret)).containsOnly(false);
        assertThat(schemaName("tmpPassword")).isEqualTo("tmp_password");
        assertThat(schemaName("m1")).isEqualTo("m1");
    }

    private static boolean holdsText(RecordComponent c) {
        if (c.getType() == String.class || c.getType() == byte[].class) {
            return true;
        }
        if (c.getType() == List.class && c.getGenericType() instanceof ParameterizedType list) {
            Type element = list.getActualTypeArguments()[0];
            return element == String.class || element == byte[].class;
        }
        return false;
    }

    /** The generated records of a package (and its sub-packages), from the test's class path. */
    private static List<Class<?>> generated(String dir) throws Exception {
        URL url = TlRedactionWalkTest.class.getClassLoader().getResource(dir);
        assertThat(url).as(dir).isNotNull();
        Path root;
        try {
            root = Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new AssertionError(e);
        }
        List<Class<?>> types = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).sorted().toList()) {
                String name = dir.replace('/', '.') + "." + root.relativize(file).toString()
                    .replace(java.io.File.separatorChar, '.').replaceAll("\\.class$", "");
                Class<?> type = Class.forName(name, false, TlRedactionWalkTest.class.getClassLoader());
                if (type.isRecord() && TlObject.class.isAssignableFrom(type)) {
                    types.add(type);
                }
            }
        }
        return types;
    }

    /** An instance of {@code type} with {@code secret} in component {@code index} and plain values elsewhere. */
    private static Object build(Class<?> type, int index, String secret) {
        return buildAdapting(type, index, secret, 0);
    }

    /**
     * Builds {@code type}, adapting to what its canonical constructor refuses: fields sharing a flag are set
     * together, int128/int256 fields get their size. {@code index} -1: no secret.
     */
    private static Object buildAdapting(Class<?> type, int index, String secret, int depth) {
        RecordComponent[] components = type.getRecordComponents();
        java.util.Map<String, Object> overrides = new java.util.HashMap<>();
        for (int attempt = 0; attempt < 12; attempt++) {
            Object[] args = new Object[components.length];
            for (int i = 0; i < components.length; i++) {
                RecordComponent c = components[i];
                args[i] = overrides.containsKey(c.getName()) ? overrides.get(c.getName())
                    : i == index ? secretValue(c, secret) : sample(c.getType(), depth + 1, false);
            }
            Object built = construct(type, args);
            if (built != null) {
                return built;
            }
            String message = lastFailure instanceof IllegalArgumentException ? lastFailure.getMessage() : "";
            java.util.regex.Matcher shared = java.util.regex.Pattern
                .compile("(\\w+) and (\\w+) share flags").matcher(message);
            java.util.regex.Matcher sized = java.util.regex.Pattern.compile("(\\w+) must be (\\d+) bytes")
                .matcher(message);
            if (shared.find()) {
                for (String name : List.of(shared.group(1), shared.group(2))) {
                    RecordComponent c = component(components, name);
                    if (index >= 0 && components[index] == c) {
                        continue;
                    }
                    overrides.put(name, present(c.getType(), depth));
                }
            } else if (sized.find()) {
                RecordComponent c = component(components, sized.group(1));
                byte[] fixed = new byte[Integer.parseInt(sized.group(2))];
                if (index >= 0 && components[index] == c) {
                    byte[] pattern = secret.getBytes(StandardCharsets.UTF_8);
                    System.arraycopy(pattern, 0, fixed, 0, Math.min(pattern.length, fixed.length));
                }
                overrides.put(c.getName(), fixed);
            } else {
                return null;
            }
        }
        return null;
    }

    private static RecordComponent component(RecordComponent[] components, String name) {
        return Arrays.stream(components).filter(c -> c.getName().equals(name)).findFirst()
            .orElseThrow(() -> new AssertionError("no component " + name));
    }

    /** A value that is set: {@code true} for a flag, a value for an optional field. */
    private static Object present(Class<?> type, int depth) {
        if (type == boolean.class || type == Boolean.class) {
            return true;
        }
        return sample(type, depth + 1, true);
    }

    /** What toString() must not show of the secret value {@code value}. */
    private static List<String> shownForms(Object value) {
        Object one = value instanceof List<?> list ? list.get(0) : value;
        if (one instanceof byte[] bytes) {
            String text = new String(bytes, StandardCharsets.UTF_8).replace("\0", "");
            return List.of(HexFormat.of().formatHex(bytes), text);
        }
        return List.of((String) one);
    }

    private static Object secretValue(RecordComponent c, String secret) {
        Object one = c.getType() == String.class ? secret : secret.getBytes(StandardCharsets.UTF_8);
        if (c.getType() == List.class) {
            Type element = ((ParameterizedType) c.getGenericType()).getActualTypeArguments()[0];
            return List.of(element == String.class ? secret : secret.getBytes(StandardCharsets.UTF_8));
        }
        return one;
    }

    private static Object construct(Class<?> type, Object[] args) {
        try {
            Class<?>[] parameters = Arrays.stream(type.getRecordComponents()).map(RecordComponent::getType)
                .toArray(Class<?>[]::new);
            Constructor<?> canonical = type.getDeclaredConstructor(parameters);
            return canonical.newInstance(args);
        } catch (ReflectiveOperationException | RuntimeException e) {
            lastFailure = e instanceof java.lang.reflect.InvocationTargetException t ? t.getCause() : e;
            return null;
        }
    }

    /** A plain value of {@code type}: zero, empty, or the simplest instance of a TL type. */
    private static Object sample(Class<?> type, int depth, boolean fill) {
        if (fill && type == Integer.class) {
            return 0;
        } else if (fill && type == Long.class) {
            return 0L;
        } else if (fill && type == Double.class) {
            return 0.0;
        } else if (fill && type == Boolean.class) {
            return Boolean.FALSE;
        } else if (type == int.class) {
            return 0;
        } else if (type == long.class) {
            return 0L;
        } else if (type == double.class) {
            return 0.0;
        } else if (type == boolean.class) {
            return false;
        } else if (type == String.class) {
            return "x";
        } else if (type == byte[].class) {
            return new byte[] {1};
        } else if (type == List.class) {
            return List.of();
        } else if (depth > MAX_DEPTH || !TlObject.class.isAssignableFrom(type)) {
            return null;
        }
        if (type.isInterface() && !type.isSealed() && type.isAssignableFrom(HelpGetNearestDc.class)) {
            // a field of any TL object or any method (invokeWith...'s query)
            return new HelpGetNearestDc();
        }
        if (type.isRecord()) {
            return buildAdapting(type, -1, null, depth);
        }
        if (type.isSealed()) {
            // the simplest implementation first
            Class<?>[] options = type.getPermittedSubclasses().clone();
            Arrays.sort(options, Comparator.comparingInt((Class<?> c) -> c.isRecord()
                ? c.getRecordComponents().length : Integer.MAX_VALUE));
            for (Class<?> option : options) {
                Object value = sample(option, depth + 1, fill);
                if (value != null) {
                    return value;
                }
            }
        }
        return null;
    }
}
