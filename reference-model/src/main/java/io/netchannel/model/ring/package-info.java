/** Chapter 03, netchannel rings: free-running 32-bit index arithmetic, event-index notification and producer overflow checks. */
package io.netchannel.model.ring;
