package dev.lockstep.examples.workloads;

import dev.lockstep.checkers.campaign.Workload;
import dev.lockstep.checkers.campaign.WorkloadState;

import java.util.SplittableRandom;

/** Phoenix string match: finds four keys in a list of generated words, by a rolling hash. */
public final class StringMatch implements Workload {
    private static final String[] KEYS = {"Helloworld", "howareyou", "ferrari", "whotheman"};
    private final char[][] words;
    private final char[][] keys;

    /** Generates 400 lowercase words, some of them the keys. */
    public StringMatch() {
        SplittableRandom random = new SplittableRandom(16);
        words = new char[400][];
        for (int i = 0; i < words.length; i++) {
            if (random.nextInt(10) == 0) {
                words[i] = KEYS[random.nextInt(KEYS.length)].toCharArray();
            } else {
                char[] w = new char[3 + random.nextInt(8)];
                for (int k = 0; k < w.length; k++) {
                    w[k] = (char) ('a' + random.nextInt(26));
                }
                words[i] = w;
            }
        }
        keys = new char[KEYS.length][];
        for (int k = 0; k < KEYS.length; k++) {
            keys[k] = KEYS[k].toCharArray();
        }
    }

    @Override
    public String name() {
        return "string-match";
    }

    @Override
    public int outputCells() {
        return 2 * KEYS.length;
    }

    @Override
    public Object run(WorkloadState out) {
        long[] keyHashes = new long[keys.length];
        for (int k = 0; k < keys.length; k++) {
            keyHashes[k] = hash(keys[k]);
        }
        long matches = 0;
        for (int i = 0; i < words.length; i++) {
            long h = hash(words[i]);
            for (int k = 0; k < keys.length; k++) {
                if (h == keyHashes[k]) {
                    out.add(2 * k, 1);
                    out.add(2 * k + 1, i);
                    matches++;
                }
            }
        }
        return matches;
    }

    private static long hash(char[] word) {
        long h = 1125899906842597L;
        for (char c : word) {
            h = 31 * h + c;
        }
        return h;
    }
}
