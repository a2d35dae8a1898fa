/** The reference device: the chapters' decisions wired into one {@link io.netchannel.api.NetchannelDevice}, found through its provider. */
package io.netchannel.model.device;
