package io.mtflux.codegen;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.source.doctree.DocCommentTree;
import com.sun.source.doctree.ErroneousTree;
import com.sun.source.doctree.ParamTree;
import com.sun.source.doctree.ReturnTree;
import com.sun.source.doctree.StartElementTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.PackageTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TypeParameterTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.DocTreeScanner;
import com.sun.source.util.DocTrees;
import com.sun.source.util.JavacTask;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.Modifier;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * The generated sources document everything a user can reach: javac parses them (no runtime classes needed) and
 * the doc trees are checked the way doclint's missing-comment and HTML checks would: a comment on every public
 * class, method, constructor and field that does not override, {@code @param} for every parameter, record
 * component and type parameter and no other, {@code @return} on every non-void method, no HTML element but
 * {@code <a>} (a raw {@code Vector<User>} would be one) and no malformed tag.
 */
class GeneratedDocsTest {

    private static final String SCHEMA = """
        // LAYER 7
        userEmpty#d3bc4b7a id:long = User;
        user flags:# self:flags.10?true id:long access_hash:flags.0?long first_name:flags.1?string \
        photo:flags.1?UserProfilePhoto = User;
        userProfilePhoto photo_id:long = UserProfilePhoto;
        resPQ nonce:int128 server_nonce:int128 pq:bytes fingerprints:Vector<long> = ResPQ;
        message msg_id:long body:Object = Message;
        msg_container messages:vector<%message> = MessageContainer;
        codeSettings flags:# logout_tokens:flags.6?Vector<bytes> token:flags.8?string = CodeSettings;
        unused flags:# id:int = Unused;
        ---functions---
        auth.sendCode phone_number:string api_hash:string = auth.SentCodeType;
        users.getUsers id:Vector<long> = Vector<User>;
        invokeWithLayer {X:Type} layer:int query:!X = X;
        ---types---
        auth.sentCodeTypeApp length:int = auth.SentCodeType;
        """;

    @Test
    void everyPublicMemberOfAGeneratedSchemaIsDocumented() {
        Map<String, String> files = new JavaGenerator(TlSchemaParser.parse(SCHEMA, "docs.tl"), "p", "DocsSchema")
            .generate();
        assertThat(problems(files)).isEmpty();
        assertThat(files.get("p/BaseUser.java"))
            .contains(" * @param accessHash {@code access_hash:flags.0?long}, null when absent (bit 0 of "
                + "{@code flags} clear)\n")
            .contains(" * @param self {@code self:flags.10?true}: bit 10 of {@code flags}\n")
            .contains("@see <a href=\"https://core.telegram.org/constructor/user\">constructor user</a>");
        assertThat(files.get("p/users/UsersGetUsers.java"))
            .contains("The TL method {@code users.getUsers#").contains(", answered with {@code Vector<User>}.");
        assertThat(files.get("p/auth/AuthSendCode.java"))
            .contains("@param apiHash {@code api_hash:string}; a secret, redacted by {@code toString()}");
        assertThat(files.get("p/auth/package-info.java"))
            .contains("The namespace {@code auth} of the TL schema of {@link p.DocsSchema} (layer 7)")
            .endsWith("package p.auth;\n");
        assertThat(files.get("p/ResPQ.java")).contains("@param nonce {@code nonce:int128}, 16 bytes")
            .contains("@throws IllegalArgumentException if a fixed-size field has another length");
    }

    @Test
    void theMtprotoSchemaIsDocumented() throws IOException {
        Path mtproto = Path.of("../core/src/main/tl/mtproto.tl");
        String text = Files.readString(mtproto);
        Map<String, String> files = new JavaGenerator(TlSchemaParser.parse(text, "mtproto.tl"), "p", "MtSchema")
            .generate();
        assertThat(files).hasSizeGreaterThan(50);
        assertThat(problems(files)).isEmpty();
    }

    @Test
    void theCheckFindsUndocumentedMembersAndPackagesAndRawHtml() {
        Map<String, String> bad = Map.of("p/package-info.java", "package p;\n", "q/B.java", "package q;\n",
            "p/A.java", """
            package p;
            /** A record with {@code x}. */
            public record A(int x, int y) {
                /** Reads a Vector<User>. */
                public static A read(int r) {
                    return null;
                }
                public static final int ID = 1;
            }
            """);
        assertThat(problems(bad)).containsExactlyInAnyOrder(
            "q/B.java: no package-info.java beside it",
            "p/package-info.java: package p: no comment",
            "p/A.java: A: no @param for y",
            "p/A.java: A: no @param for x",
            "p/A.java: read: no @param for r",
            "p/A.java: read: no @return",
            "p/A.java: read: HTML element <User>",
            "p/A.java: ID: no comment");
    }

    /** Parses the sources and lists each missing or malformed piece of documentation as "path: member: what". */
    private static List<String> problems(Map<String, String> files) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        List<JavaFileObject> sources = new ArrayList<>();
        files.forEach((path, text) -> sources.add(new Source(path, text)));
        JavacTask task = (JavacTask) javac.getTask(null, null, null, List.of("--release", "17", "-proc:none"), null,
            sources);
        DocTrees docTrees = DocTrees.instance(task);
        List<String> problems = new ArrayList<>();
        for (String path : files.keySet()) {
            String info = path.substring(0, path.lastIndexOf('/')) + "/package-info.java";
            if (!files.containsKey(info)) {
                problems.add(path + ": no package-info.java beside it");
            }
        }
        try {
            for (CompilationUnitTree unit : task.parse()) {
                new Checker(docTrees, unit, problems).scan(unit, null);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return problems;
    }

    private static final class Checker extends TreePathScanner<Void, Void> {
        private final DocTrees docTrees;
        private final String file;
        private final List<String> problems;
        private final List<ClassTree> classes = new ArrayList<>();

        Checker(DocTrees docTrees, CompilationUnitTree unit, List<String> problems) {
            this.docTrees = docTrees;
            this.file = unit.getSourceFile().getName().substring(1);
            this.problems = problems;
        }

        @Override
        public Void visitPackage(PackageTree tree, Void unused) {
            if (file.endsWith("package-info.java")) {
                check("package " + tree.getPackageName(), Set.of(), false);
            }
            return null;
        }

        @Override
        public Void visitClass(ClassTree tree, Void unused) {
            if (isPublic(tree.getModifiers().getFlags())) {
                Set<String> names = new LinkedHashSet<>();
                for (TypeParameterTree type : tree.getTypeParameters()) {
                    names.add("<" + type.getName() + ">");
                }
                names.addAll(components(tree));
                check(tree.getSimpleName().toString(), names, false);
            }
            classes.add(tree);
            super.visitClass(tree, unused);
            classes.remove(classes.size() - 1);
            return null;
        }

        @Override
        public Void visitMethod(MethodTree tree, Void unused) {
            boolean overrides = tree.getModifiers().getAnnotations().stream()
                .anyMatch(a -> a.getAnnotationType().toString().equals("Override"));
            if (memberIsPublic(tree.getModifiers().getFlags()) && !overrides) {
                Set<String> names = new LinkedHashSet<>();
                for (VariableTree parameter : tree.getParameters()) {
                    names.add(parameter.getName().toString());
                }
                boolean constructor = tree.getReturnType() == null;
                if (constructor && names.isEmpty()) {
                    names.addAll(components(classes.get(classes.size() - 1))); // a compact constructor
                }
                boolean returns = !constructor && !tree.getReturnType().toString().equals("void");
                check(constructor ? "<init>" : tree.getName().toString(), names, returns);
            }
            return null;
        }

        @Override
        public Void visitVariable(VariableTree tree, Void unused) {
            if (memberIsPublic(tree.getModifiers().getFlags())) {
                check(tree.getName().toString(), Set.of(), false);
            }
            return null;
        }

        /** A record's components: the parser keeps them as its instance fields. */
        private static List<String> components(ClassTree tree) {
            List<String> names = new ArrayList<>();
            if (tree.getKind() == Tree.Kind.RECORD) {
                for (Tree member : tree.getMembers()) {
                    if (member instanceof VariableTree v && !v.getModifiers().getFlags().contains(Modifier.STATIC)) {
                        names.add(v.getName().toString());
                    }
                }
            }
            return names;
        }

        private boolean memberIsPublic(Set<Modifier> flags) {
            boolean inInterface = classes.get(classes.size() - 1).getKind() == Tree.Kind.INTERFACE;
            return (isPublic(flags) || inInterface) && !flags.contains(Modifier.PRIVATE);
        }

        private static boolean isPublic(Set<Modifier> flags) {
            return flags.contains(Modifier.PUBLIC) || flags.contains(Modifier.PROTECTED);
        }

        private void check(String member, Set<String> params, boolean returns) {
            TreePath path = getCurrentPath();
            DocCommentTree doc = docTrees.getDocCommentTree(path);
            String where = file + ": " + member + ": ";
            if (doc == null) {
                problems.add(where + "no comment");
                return;
            }
            Set<String> documented = new LinkedHashSet<>();
            boolean[] hasReturn = {false};
            new DocTreeScanner<Void, Void>() {
                @Override
                public Void visitParam(ParamTree tree, Void unused) {
                    String name = tree.getName().getName().toString();
                    documented.add(tree.isTypeParameter() ? "<" + name + ">" : name);
                    return super.visitParam(tree, unused);
                }

                @Override
                public Void visitReturn(ReturnTree tree, Void unused) {
                    hasReturn[0] = true;
                    return super.visitReturn(tree, unused);
                }

                @Override
                public Void visitStartElement(StartElementTree tree, Void unused) {
                    if (!tree.getName().contentEquals("a")) {
                        problems.add(where + "HTML element <" + tree.getName() + ">");
                    }
                    return null;
                }

                @Override
                public Void visitErroneous(ErroneousTree tree, Void unused) {
                    problems.add(where + "malformed: " + tree.getBody());
                    return null;
                }
            }.scan(doc, null);
            for (String name : params) {
                if (!documented.contains(name)) {
                    problems.add(where + "no @param for " + name);
                }
            }
            for (String name : documented) {
                if (!params.contains(name)) {
                    problems.add(where + "@param for unknown " + name);
                }
            }
            if (returns && !hasReturn[0]) {
                problems.add(where + "no @return");
            }
        }
    }

    private static final class Source extends SimpleJavaFileObject {
        private final String text;

        Source(String path, String text) {
            super(URI.create("string:///" + path), Kind.SOURCE);
            this.text = text;
        }

        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return text;
        }
    }
}
