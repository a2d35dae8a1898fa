/** Chapter 01, privilege and control plane: who may ask for what, and the one answer each control request gets, decided in a fixed order. */
package io.netchannel.model.privilege;
