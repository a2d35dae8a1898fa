/** Chapter 10, interrupt coalescing: a queue's pending completions, when the device decides, and whether the decision notifies. */
package io.netchannel.model.coalescing;
