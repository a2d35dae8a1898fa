/** Chapter 09, TX QoS: a context's token bucket in exact integers, and the seam through which the device makes every rate decision. */
package io.netchannel.model.qos;
