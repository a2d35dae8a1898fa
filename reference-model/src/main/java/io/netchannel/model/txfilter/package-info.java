/** Chapter 07, TX enforcement and filtering: the source MAC, VLAN and filter-rule checks every frame a context sends passes, in that order. */
package io.netchannel.model.txfilter;
