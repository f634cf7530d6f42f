// Every test file's shared owner connection closes with the file, so jest workers exit without force.
import { afterAll } from '@jest/globals';
import { closeOwnerDb } from './database';
import { recordCheckedResponses } from './openapi-responses';

afterAll(() => closeOwnerDb());
afterAll(() => recordCheckedResponses());
