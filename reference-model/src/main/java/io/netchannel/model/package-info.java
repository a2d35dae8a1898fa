/**
 * The Netchannel reference model: a pure, deterministic device, one package per spec chapter, whose
 * every decision names the requirement that makes it.
 */
package io.netchannel.model;
