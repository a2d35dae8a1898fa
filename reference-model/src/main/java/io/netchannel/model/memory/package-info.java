/** Chapter 02, memory registration: what a grant lets the device do, decided before the device touches a page. */
package io.netchannel.model.memory;
