package dev.lockstep.stm.persist;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/** Builds journal record payloads by hand, for tests that write records the engine did not. */
final class JournalPayloads {
    private JournalPayloads() {
    }

    /** What a test writes into one payload. */
    interface Writes {
        void to(DataOutputStream out) throws IOException;
    }

    static byte[] of(Writes writes) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            writes.to(out);
        }
        return bytes.toByteArray();
    }
}
