package dev.lockstep.examples.workloads;

import dev.lockstep.checkers.campaign.Workload;
import dev.lockstep.checkers.campaign.WorkloadState;

import java.util.SplittableRandom;

/** Phoenix word count: splits generated text on spaces and counts each vocabulary word. */
public final class WordCount implements Workload {
    private static final String[] VOCABULARY = {
        "lockstep", "replica", "leader", "trailer", "commit", "abort", "retry", "fault", "core",
        "bit", "flip", "silent", "data", "corruption", "ledger", "transfer", "balance", "total",
        "java", "memory", "stripe", "version", "snapshot", "input", "output", "write", "read",
        "verdict", "vote", "majority"};
    private final char[] text;
    private final char[][] words;

    /** Generates about 500 words of text from the vocabulary. */
    public WordCount() {
        SplittableRandom random = new SplittableRandom(15);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 500; i++) {
            sb.append(VOCABULARY[random.nextInt(VOCABULARY.length)]).append(' ');
        }
        text = sb.toString().toCharArray();
        words = new char[VOCABULARY.length][];
        for (int w = 0; w < VOCABULARY.length; w++) {
            words[w] = VOCABULARY[w].toCharArray();
        }
    }

    @Override
    public String name() {
        return "word-count";
    }

    @Override
    public int outputCells() {
        return VOCABULARY.length;
    }

    @Override
    public Object run(WorkloadState out) {
        int[] counts = new int[words.length];
        int start = 0;
        long total = 0;
        for (int i = 0; i <= text.length; i++) {
            if (i == text.length || text[i] == ' ') {
                if (i > start) {
                    int w = lookup(start, i);
                    if (w >= 0) {
                        counts[w]++;
                        total++;
                    }
                }
                start = i + 1;
            }
        }
        for (int w = 0; w < counts.length; w++) {
            out.set(w, counts[w]);
        }
        return total;
    }

    private int lookup(int from, int to) {
        for (int w = 0; w < words.length; w++) {
            char[] word = words[w];
            if (word.length == to - from) {
                int k = 0;
                while (k < word.length && word[k] == text[from + k]) {
                    k++;
                }
                if (k == word.length) {
                    return w;
                }
            }
        }
        return -1;
    }
}
