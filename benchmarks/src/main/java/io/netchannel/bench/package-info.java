/**
 * JMH benchmarks of the fast NIC against line rate, the reference model and JCTools, measured in
 * one run and printed as ratios by {@link io.netchannel.bench.RatioTable}.
 */
package io.netchannel.bench;
