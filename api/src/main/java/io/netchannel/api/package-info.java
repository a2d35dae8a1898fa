/**
 * The Netchannel device contract: the one interface every implementation offers (the reference
 * model, the bundled fast NIC, every vendor adapter), its value types, and the
 * {@link io.netchannel.api.DeviceProvider} that {@link java.util.ServiceLoader} finds.
 *
 * <p>The contract is deterministic and single-threaded: the harness calls a device from one
 * thread, time moves only through {@link io.netchannel.api.NetchannelDevice#advanceTo(long)},
 * and guest memory is reached only through the audited {@link io.netchannel.api.GuestMemory}
 * the harness hands in. Normative text: {@code spec/00-conventions.md} and the chapters after it.
 */
package io.netchannel.api;
