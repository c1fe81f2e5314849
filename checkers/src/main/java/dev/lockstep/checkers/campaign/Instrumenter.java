package dev.lockstep.checkers.campaign;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

import java.util.HashSet;
import java.util.Set;

/**
 * Rewrites a workload class so that every fault site passes its value through {@link Injector}
 * and every backward jump ticks it. The inserted calls take and return a value of the same type,
 * so the stack shape and the existing stack map frames stay valid.
 */
final class Instrumenter implements Opcodes {
    private static final String INJECTOR = Injector.class.getName().replace('.', '/');

    private Instrumenter() {
    }

    static byte[] instrument(byte[] classFile) {
        ClassReader reader = new ClassReader(classFile);
        ClassWriter writer = new ClassWriter(reader, ClassWriter.COMPUTE_MAXS);
        reader.accept(new ClassVisitor(ASM9, writer) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                             String[] exceptions) {
                return new Sites(super.visitMethod(access, name, descriptor, signature, exceptions));
            }
        }, 0);
        return writer.toByteArray();
    }

    private static final class Sites extends MethodVisitor {
        private final Set<Label> seen = new HashSet<>();

        Sites(MethodVisitor next) {
            super(ASM9, next);
        }

        @Override
        public void visitLabel(Label label) {
            seen.add(label);
            super.visitLabel(label);
        }

        @Override
        public void visitJumpInsn(int opcode, Label label) {
            if (seen.contains(label)) {
                super.visitMethodInsn(INVOKESTATIC, INJECTOR, "tick", "()V", false);
            }
            super.visitJumpInsn(opcode, label);
        }

        @Override
        public void visitInsn(int opcode) {
            if (opcode == LMUL) {
                super.visitMethodInsn(INVOKESTATIC, INJECTOR, "lmul", "(JJ)J", false);
            } else {
                super.visitInsn(opcode);
            }
            site(resultOf(opcode));
        }

        @Override
        public void visitVarInsn(int opcode, int var) {
            super.visitVarInsn(opcode, var);
            site(opcode == ILOAD ? 'I' : opcode == LLOAD ? 'J' : opcode == FLOAD ? 'F' : opcode == DLOAD ? 'D' : 0);
        }

        @Override
        public void visitFieldInsn(int opcode, String owner, String name, String descriptor) {
            super.visitFieldInsn(opcode, owner, name, descriptor);
            if (opcode == GETFIELD || opcode == GETSTATIC) {
                char type = descriptor.charAt(0);
                site("ZBCSI".indexOf(type) >= 0 ? 'I' : type == 'J' || type == 'F' || type == 'D' ? type : 0);
            }
        }

        private void site(char type) {
            switch (type) {
                case 'I' -> super.visitMethodInsn(INVOKESTATIC, INJECTOR, "i", "(I)I", false);
                case 'J' -> super.visitMethodInsn(INVOKESTATIC, INJECTOR, "l", "(J)J", false);
                case 'F' -> super.visitMethodInsn(INVOKESTATIC, INJECTOR, "f", "(F)F", false);
                case 'D' -> super.visitMethodInsn(INVOKESTATIC, INJECTOR, "d", "(D)D", false);
                default -> {
                }
            }
        }

        /** The type an instruction leaves on the stack, for arithmetic, logic and array loads. */
        private static char resultOf(int opcode) {
            switch (opcode) {
                case IALOAD, BALOAD, CALOAD, SALOAD, IADD, ISUB, IMUL, IDIV, IREM, INEG, ISHL, ISHR,
                        IUSHR, IAND, IOR, IXOR:
                    return 'I';
                case LALOAD, LADD, LSUB, LMUL, LDIV, LREM, LNEG, LSHL, LSHR, LUSHR, LAND, LOR, LXOR:
                    return 'J';
                case FALOAD, FADD, FSUB, FMUL, FDIV, FREM, FNEG:
                    return 'F';
                case DALOAD, DADD, DSUB, DMUL, DDIV, DREM, DNEG:
                    return 'D';
                default:
                    return 0;
            }
        }
    }
}
