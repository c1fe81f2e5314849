package dev.lockstep.checkers.lint;

import dev.lockstep.api.spi.LintFinding;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.VarInsnNode;
import org.objectweb.asm.tree.analysis.Analyzer;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.Frame;
import org.objectweb.asm.tree.analysis.SourceInterpreter;
import org.objectweb.asm.tree.analysis.SourceValue;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Walks a method and what it calls inside the application, to a bounded depth, and reports
 * what breaks a {@link Rule}. JDK calls are judged by {@link JdkCalls}; calls into Lockstep's
 * own API are allowed; lambdas handed to {@code Effects.afterCommit} or {@code Nondet.record}
 * run outside the replicas' comparison and are not walked.
 *
 * <p>"Escaping" values are those that outlive the call: the root method's {@code this} and
 * parameters, what their fields hold, and static fields. The lint follows them through locals,
 * casts, field and array loads, and into callees' parameters.
 *
 * <p><b>Note:</b> not thread-safe; one per lint run.
 */
final class MethodScanner implements Opcodes {
    private static final int VALUE_TRACE_LIMIT = 16;

    private final ClassFiles classes;
    private final int maxDepth;
    private final Map<String, LintFinding> findings = new LinkedHashMap<>();
    private final Set<String> visited = new HashSet<>();

    MethodScanner(ClassLoader loader, int maxDepth) {
        this.classes = new ClassFiles(loader);
        this.maxDepth = maxDepth;
    }

    List<LintFinding> scan(Method root) {
        String owner = Type.getInternalName(root.getDeclaringClass());
        String descriptor = Type.getMethodDescriptor(root);
        boolean isStatic = java.lang.reflect.Modifier.isStatic(root.getModifiers());
        BitSet escaping = new BitSet();
        escaping.set(0, parameterSlots(descriptor, isStatic));
        visit(owner, root.getName(), descriptor, escaping, 0, "");
        List<LintFinding> sorted = new ArrayList<>(findings.values());
        sorted.sort((a, b) -> b.severity().compareTo(a.severity()));
        return sorted;
    }

    private void visit(String owner, String name, String descriptor, BitSet escaping, int depth, String path) {
        if (!visited.add(owner + "." + name + descriptor + escaping)) {
            return;
        }
        String here = display(owner) + "." + name;
        ClassFiles.Found found = classes.find(owner, name, descriptor);
        if (found == null || found.method() == null) {
            report(Rule.OPAQUE_CALL, here + "(?)", path, "the class file of " + display(owner)
                    + " cannot be read");
            return;
        }
        MethodNode method = found.method();
        ClassNode type = found.type();
        String where = display(found.owner()) + "." + name;
        if ((method.access & (ACC_ABSTRACT | ACC_NATIVE)) != 0) {
            report(Rule.OPAQUE_CALL, where + "(" + type.sourceFile + ")", path,
                    (method.access & ACC_NATIVE) != 0 ? "native method"
                            : "abstract or interface method: which implementation runs is only known at run time");
            return;
        }
        if ((method.access & ACC_SYNCHRONIZED) != 0) {
            report(Rule.BLOCKING_AND_LOCKS, where + "(" + type.sourceFile + ")", path, "synchronized method");
        }
        Frame<SourceValue>[] frames;
        try {
            frames = new Analyzer<>(new SourceInterpreter()).analyze(found.owner(), method);
        } catch (AnalyzerException e) {
            report(Rule.OPAQUE_CALL, where + "(" + type.sourceFile + ")", path, "bytecode could not be analysed: " + e.getMessage());
            return;
        }
        new Walk(type, method, frames, escaping, depth, path.isEmpty() ? here : path + " -> " + here,
                path).run();
    }

    /** One method's instructions, with the data-flow frames that say where each value came from. */
    private final class Walk {
        final ClassNode type;
        final MethodNode method;
        final InsnList insns;
        final Frame<SourceValue>[] frames;
        final BitSet escaping;
        final int depth;
        final String pathToCallees;
        final String pathHere;
        final Set<AbstractInsnNode> deferred = new HashSet<>();
        int line;

        Walk(ClassNode type, MethodNode method, Frame<SourceValue>[] frames, BitSet escaping,
             int depth, String pathToCallees, String pathHere) {
            this.type = type;
            this.method = method;
            this.insns = method.instructions;
            this.frames = frames;
            this.escaping = escaping;
            this.depth = depth;
            this.pathToCallees = pathToCallees;
            this.pathHere = pathHere;
        }

        void run() {
            findDeferredLambdas();
            for (AbstractInsnNode insn : insns) {
                if (insn instanceof LineNumberNode) {
                    line = ((LineNumberNode) insn).line;
                    continue;
                }
                if (frames[insns.indexOf(insn)] == null) {
                    continue;
                }
                int op = insn.getOpcode();
                if (insn instanceof MethodInsnNode) {
                    call((MethodInsnNode) insn);
                } else if (insn instanceof InvokeDynamicInsnNode) {
                    dynamic((InvokeDynamicInsnNode) insn);
                } else if (op == PUTSTATIC && !method.name.equals("<clinit>")) {
                    FieldInsnNode f = (FieldInsnNode) insn;
                    report(Rule.STATIC_WRITE, where(), pathHere, "writes " + display(f.owner) + "." + f.name);
                } else if (op == GETSTATIC) {
                    FieldInsnNode f = (FieldInsnNode) insn;
                    Rule rule = JdkCalls.classifyStaticRead(f.owner, f.name);
                    if (rule != null) {
                        report(rule, where(), pathHere, "uses " + display(f.owner) + "." + f.name);
                    }
                } else if (op == PUTFIELD && escapes(stack(insn, 1), 0)) {
                    FieldInsnNode f = (FieldInsnNode) insn;
                    report(Rule.ESCAPING_WRITE, where(), pathHere, "writes field " + f.name + " of "
                            + display(f.owner));
                } else if (op >= IASTORE && op <= SASTORE && escapes(stack(insn, 2), 0)) {
                    report(Rule.ESCAPING_WRITE, where(), pathHere, "writes an element of an array");
                } else if (op == MONITORENTER) {
                    report(Rule.BLOCKING_AND_LOCKS, where(), pathHere, "synchronized block");
                }
            }
        }

        private void call(MethodInsnNode m) {
            if (m.owner.startsWith("dev/lockstep/api/")) {
                return;
            }
            if (JdkCalls.isJdk(m.owner)) {
                Rule rule = JdkCalls.classify(m.owner, m.name, m.desc);
                if (rule != null) {
                    report(rule, where(), pathHere, "calls " + display(m.owner) + "." + m.name);
                }
                return;
            }
            if (depth + 1 > maxDepth) {
                report(Rule.OPAQUE_CALL, where(), pathHere, "calls " + display(m.owner) + "." + m.name
                        + ", deeper than the lint looks (" + maxDepth + " calls)");
                return;
            }
            boolean isStatic = m.getOpcode() == INVOKESTATIC;
            int values = Type.getArgumentTypes(m.desc).length + (isStatic ? 0 : 1);
            visit(m.owner, m.name, m.desc, calleeEscaping(m, m.desc, isStatic, values), depth + 1, pathToCallees);
        }

        private void dynamic(InvokeDynamicInsnNode d) {
            String factory = d.bsm.getOwner();
            if (factory.equals("java/lang/invoke/StringConcatFactory")
                    || factory.equals("java/lang/runtime/ObjectMethods")
                    || factory.equals("java/lang/runtime/SwitchBootstraps")) {
                return;
            }
            if (!factory.equals("java/lang/invoke/LambdaMetafactory") || d.bsmArgs.length < 2
                    || !(d.bsmArgs[1] instanceof Handle)) {
                report(Rule.OPAQUE_CALL, where(), pathHere, "invokedynamic through " + display(factory));
                return;
            }
            if (deferred.contains(d)) {
                return;
            }
            Handle impl = (Handle) d.bsmArgs[1];
            if (impl.getOwner().startsWith("dev/lockstep/api/")) {
                return;
            }
            if (JdkCalls.isJdk(impl.getOwner())) {
                Rule rule = JdkCalls.classify(impl.getOwner(), impl.getName(), impl.getDesc());
                if (rule != null) {
                    report(rule, where(), pathHere, "method reference to " + display(impl.getOwner())
                            + "." + impl.getName());
                }
                return;
            }
            if (depth + 1 > maxDepth) {
                return;
            }
            // The captured values (the indy's arguments, a bound receiver first) fill the
            // implementation method's first slots, in order.
            int captured = Type.getArgumentTypes(d.desc).length;
            visit(impl.getOwner(), impl.getName(), impl.getDesc(),
                    calleeEscaping(d, d.desc, true, captured), depth + 1, pathToCallees);
        }

        /** Which of a callee's parameter slots receive escaping values at this call. */
        private BitSet calleeEscaping(AbstractInsnNode call, String descriptor, boolean isStatic, int values) {
            BitSet callee = new BitSet();
            Frame<SourceValue> frame = frames[insns.indexOf(call)];
            int first = frame.getStackSize() - values;
            int slot = 0;
            Type[] args = Type.getArgumentTypes(descriptor);
            for (int v = 0; v < values; v++) {
                int size = (!isStatic && v == 0) ? 1 : args[isStatic ? v : v - 1].getSize();
                if (escapes(frame.getStack(first + v), 0)) {
                    callee.set(slot);
                }
                slot += size;
            }
            return callee;
        }

        /** Whether a value may be an object that outlives the call. */
        private boolean escapes(SourceValue value, int trace) {
            if (trace > VALUE_TRACE_LIMIT) {
                return false;
            }
            for (AbstractInsnNode source : value.insns) {
                int op = source.getOpcode();
                if (op == ALOAD) {
                    int var = ((VarInsnNode) source).var;
                    SourceValue local = frames[insns.indexOf(source)].getLocal(var);
                    if (local.insns.isEmpty() ? escaping.get(var) : escapes(local, trace + 1)) {
                        return true;
                    }
                } else if (op == ASTORE || op == CHECKCAST || isDup(op)) {
                    if (escapes(stack(source, 0), trace + 1)) {
                        return true;
                    }
                } else if (op == GETSTATIC) {
                    return true;
                } else if (op == GETFIELD) {
                    if (escapes(stack(source, 0), trace + 1)) {
                        return true;
                    }
                } else if (op == AALOAD) {
                    if (escapes(stack(source, 1), trace + 1)) {
                        return true;
                    }
                }
            }
            return false;
        }

        /** Lambdas whose value reaches Effects.afterCommit or Nondet.record: run after or outside the comparison. */
        private void findDeferredLambdas() {
            for (AbstractInsnNode insn : insns) {
                if (insn instanceof MethodInsnNode && frames[insns.indexOf(insn)] != null) {
                    MethodInsnNode m = (MethodInsnNode) insn;
                    boolean defers = (m.owner.equals("dev/lockstep/api/Effects") && m.name.equals("afterCommit"))
                            || (m.owner.equals("dev/lockstep/api/Nondet") && m.name.startsWith("record"));
                    if (defers) {
                        collectLambdas(stack(insn, 0), 0);
                    }
                }
            }
        }

        private void collectLambdas(SourceValue value, int trace) {
            if (trace > VALUE_TRACE_LIMIT) {
                return;
            }
            for (AbstractInsnNode source : value.insns) {
                if (source instanceof InvokeDynamicInsnNode) {
                    deferred.add(source);
                } else if (source.getOpcode() == ALOAD) {
                    collectLambdas(frames[insns.indexOf(source)].getLocal(((VarInsnNode) source).var), trace + 1);
                } else if (source.getOpcode() == ASTORE || source.getOpcode() == CHECKCAST
                        || isDup(source.getOpcode())) {
                    collectLambdas(stack(source, 0), trace + 1);
                }
            }
        }

        /** The value {@code fromTop} places below the top of the stack before {@code insn} runs. */
        private SourceValue stack(AbstractInsnNode insn, int fromTop) {
            Frame<SourceValue> frame = frames[insns.indexOf(insn)];
            return frame.getStack(frame.getStackSize() - 1 - fromTop);
        }

        private String where() {
            return display(type.name) + "." + method.name + "(" + type.sourceFile + ":" + line + ")";
        }
    }

    /** One finding per rule and source line: System.out.println is one I/O, not two. */
    private void report(Rule rule, String where, String path, String what) {
        String key = rule + where;
        findings.putIfAbsent(key, new LintFinding(rule.severity(), rule.id(), where, path,
                what + ": " + rule.advice()));
    }

    /** DUP and its variants copy the top of the stack: the copy comes from where the top came from. */
    private static boolean isDup(int op) {
        return op >= DUP && op <= DUP2_X2;
    }

    private static int parameterSlots(String descriptor, boolean isStatic) {
        int slots = isStatic ? 0 : 1;
        for (Type t : Type.getArgumentTypes(descriptor)) {
            slots += t.getSize();
        }
        return slots;
    }

    static String display(String internalName) {
        return internalName.replace('/', '.');
    }
}
