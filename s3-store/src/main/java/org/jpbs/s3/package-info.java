/** S3 datastore pieces. */
package org.jpbs.s3;
