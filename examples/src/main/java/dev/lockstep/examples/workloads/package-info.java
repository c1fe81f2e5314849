/**
 * Campaign workloads: Java ports of the Phoenix kernels HAFT measured (histogram, linear
 * regression, k-means, matrix multiply, word count, string match), plus ledger transfers. Each
 * generates its input deterministically, reads it from plain arrays (ledger transfers also from
 * state), and writes its results to state. A campaign instruments this whole package.
 */
package dev.lockstep.examples.workloads;
