/** The requirement catalogue: loading {@code spec/requirements.yaml}, the chapter tables, and traceability. */
package io.netchannel.conformance.catalogue;
