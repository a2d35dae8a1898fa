/**
 * The relocation document of spec 12 (section 5): its canonical text (RELOC-10), a reader that
 * refuses every defective document with a typed error before any device sees it (RELOC-11), and
 * the demonstration behind {@code netchannel relocate} (RELOC-8).
 */
package io.netchannel.conformance.relocation;
