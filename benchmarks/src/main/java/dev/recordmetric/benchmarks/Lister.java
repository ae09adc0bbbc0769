package dev.recordmetric.benchmarks;

/** One way of listing an organization's runners; returns how many carry the label. */
@FunctionalInterface
interface Lister {

    int list(String token);
}
