/**
 * Chapter 08, contexts, inter-VM traffic and fallback: where a frame a guest sends goes in each
 * switch mode ({@link io.netchannel.model.contexts.Switching}), and the host that serves guests on
 * a device and on its software path behind one contract ({@link io.netchannel.model.contexts.Host}).
 */
package io.netchannel.model.contexts;
