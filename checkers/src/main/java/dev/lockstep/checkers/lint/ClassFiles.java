package dev.lockstep.checkers.lint;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads the class files the lint walks, through the class loader of the class it started
 * from, and finds a method in a class or its supertypes.
 *
 * <p><b>Note:</b> not thread-safe; one per lint run.
 */
final class ClassFiles {
    private final ClassLoader loader;
    private final Map<String, ClassNode> cache = new HashMap<>();

    ClassFiles(ClassLoader loader) {
        this.loader = loader != null ? loader : ClassLoader.getSystemClassLoader();
    }

    /** The class, or null if its class file cannot be read. */
    ClassNode load(String internalName) {
        if (cache.containsKey(internalName)) {
            return cache.get(internalName);
        }
        ClassNode node = null;
        try (InputStream in = loader.getResourceAsStream(internalName + ".class")) {
            if (in != null) {
                node = new ClassNode();
                new ClassReader(in).accept(node, 0);
            }
        } catch (IOException | RuntimeException e) {
            node = null;
        }
        cache.put(internalName, node);
        return node;
    }

    /** Where {@code owner.name desc} is declared: the class itself or the nearest supertype. */
    Found find(String owner, String name, String descriptor) {
        Deque<String> pending = new ArrayDeque<>();
        pending.add(owner);
        while (!pending.isEmpty()) {
            String type = pending.poll();
            if (JdkCalls.isJdk(type)) {
                return new Found(type, null, null);
            }
            ClassNode node = load(type);
            if (node == null) {
                continue;
            }
            for (MethodNode m : node.methods) {
                if (m.name.equals(name) && m.desc.equals(descriptor)) {
                    return new Found(type, node, m);
                }
            }
            if (node.superName != null) {
                pending.add(node.superName);
            }
            pending.addAll(node.interfaces);
        }
        return null;
    }

    /** A method found: in a JDK type ({@code method} null), or in a class the lint can read. */
    record Found(String owner, ClassNode type, MethodNode method) {
    }
}
