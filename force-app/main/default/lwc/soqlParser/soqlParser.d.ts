// Types of the copied parser: the package's own (the copy is that package's dist/lwc build). Not deployed.
export * from '@jetstreamapp/soql-parser-js';
