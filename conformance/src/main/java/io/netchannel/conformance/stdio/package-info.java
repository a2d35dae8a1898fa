/** The {@code stdio} provider: a device in any language, run as a child process speaking JSON lines over shared guest memory (spec 13). */
package io.netchannel.conformance.stdio;
