/** Chapter 12, relocation: the export snapshot, the import checks in their order, and the context an import creates. */
package io.netchannel.model.relocation;
