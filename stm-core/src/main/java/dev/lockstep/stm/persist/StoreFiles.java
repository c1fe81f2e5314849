package dev.lockstep.stm.persist;

import dev.lockstep.api.ErrorCode;
import dev.lockstep.api.LockstepException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.zip.CRC32C;

/**
 * What every file of a persistent store shares: owner-only permissions, and a header of magic,
 * format version and CRC32C (the JDK's) that tells a Lockstep file from a foreign or corrupt one.
 *
 * <p>A header is {@value #HEADER} bytes: 8 bytes of magic, an {@code int} version, then the
 * type's own fields up to byte 56, and the CRC32C of bytes 0 to 55 at byte 56.
 */
final class StoreFiles {
    /** At most {@code OffHeap.MAX_OFFSET}, so that the largest cells object fits one mapping. */
    static final int HEADER = 64;
    static final int VERSION = 1;
    private static final int CRC_AT = 56;
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private StoreFiles() {
    }

    static FileAttribute<?>[] ownerOnly(boolean directory) {
        if (!POSIX) {
            return new FileAttribute<?>[0];
        }
        Set<PosixFilePermission> permissions = PosixFilePermissions.fromString(directory ? "rwx------" : "rw-------");
        return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(permissions)};
    }

    /** Restricts a file some library created to its owner. */
    static void restrictToOwner(Path file) throws IOException {
        if (POSIX) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        }
    }

    static FileChannel create(Path file) throws IOException {
        return FileChannel.open(file, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE), ownerOnly(false));
    }

    /** A header with {@code magic} and room for fields at bytes 12 to 55; seal it with {@link #seal}. */
    static ByteBuffer header(String magic) {
        ByteBuffer header = ByteBuffer.allocate(HEADER);
        header.put(magic.getBytes(StandardCharsets.US_ASCII), 0, 8);
        header.putInt(8, VERSION);
        return header;
    }

    static ByteBuffer seal(ByteBuffer header) {
        header.putInt(CRC_AT, crc(header, 0, CRC_AT));
        header.clear();
        return header;
    }

    /**
     * Reads and checks the header of {@code file}.
     *
     * @throws LockstepException naming the file and what is wrong with it
     */
    static ByteBuffer readHeader(FileChannel channel, Path file, String magic) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(HEADER);
        if (channel.size() < HEADER || channel.read(header, 0) < HEADER) {
            throw corrupt(file, "it is shorter than its " + HEADER + "-byte header");
        }
        byte[] found = new byte[8];
        header.get(0, found);
        if (!magic.equals(new String(found, StandardCharsets.US_ASCII))) {
            throw corrupt(file, "it is not a Lockstep " + magic.trim() + " file (its first bytes are not '" + magic.trim() + "')");
        }
        if (header.getInt(CRC_AT) != crc(header, 0, CRC_AT)) {
            throw corrupt(file, "its header checksum does not match (the header is damaged)");
        }
        if (header.getInt(8) != VERSION) {
            throw corrupt(file, "it has format version " + header.getInt(8) + "; this Lockstep reads version " + VERSION);
        }
        return header;
    }

    static int crc(ByteBuffer buffer, int from, int to) {
        CRC32C crc = new CRC32C();
        crc.update(buffer.duplicate().position(from).limit(to));
        return (int) crc.getValue();
    }

    static LockstepException corrupt(Path file, String why) {
        return new LockstepException(ErrorCode.STORE_CORRUPT, "cannot open " + file + ": " + why
                + ". Lockstep did not use or change it. Restore the store directory from a backup, or move "
                + "the file away if it does not belong there.");
    }

    /**
     * An I/O failure on a store's file, as the error a user can act on: it names the file and,
     * for a permission or read-only failure, the permission the store needs.
     *
     * @param store how to name the store, for example its directory
     */
    static LockstepException ioError(String store, IOException e) {
        String file = e instanceof FileSystemException f && f.getFile() != null ? f.getFile() : null;
        String reason = e instanceof FileSystemException f && f.getReason() != null ? f.getReason() : e.toString();
        String what = file != null ? file : store;
        if (isPermission(e)) {
            return new LockstepException(ErrorCode.BAD_STORE_USE, "cannot write " + what + " (" + reason + "): "
                    + store + " needs read and write permission on its directory and on every file in it, on a "
                    + "writable file system, with no file marked immutable. Grant the permission, or open the store "
                    + "in another directory.", e);
        }
        return new LockstepException(ErrorCode.BAD_STORE_USE, "cannot use " + what + " of " + store + ": " + reason
                + ". Check the disk and the file, then open the store again.", e);
    }

    private static boolean isPermission(IOException e) {
        if (e instanceof AccessDeniedException) {
            return true;
        }
        String reason = e instanceof FileSystemException f ? f.getReason() : null;
        return reason != null && (reason.contains("not permitted") || reason.contains("Read-only file system"));
    }
}
