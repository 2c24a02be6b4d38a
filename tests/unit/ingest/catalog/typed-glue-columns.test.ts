import { describe, expect, it } from 'vitest';
import { mergedHiveType } from '../../../../ingest/catalog/hive-type-widening.js';
import { columnsSignature, evolvedColumns } from '../../../../ingest/catalog/typed-glue-columns.js';

describe('the Glue column types a typed table follows', () => {
  it('widens numbers, decimals and the elements of lists and maps', () => {
    expect(mergedHiveType('int', 'bigint')).toBe('bigint');
    expect(mergedHiveType('tinyint', 'smallint')).toBe('smallint');
    expect(mergedHiveType('float', 'double')).toBe('double');
    expect(mergedHiveType('decimal(10,2)', 'decimal(12,4)')).toBe('decimal(12,4)');
    expect(mergedHiveType('decimal(10,2)', 'decimal(9,3)')).toBe('decimal(11,3)');
    expect(mergedHiveType('array<int>', 'array<bigint>')).toBe('array<bigint>');
    expect(mergedHiveType('map<string,float>', 'map<string,double>')).toBe('map<string,double>');
  });

  it('merges structs by field name, nested ones too, the fields already there keeping their place', () => {
    expect(mergedHiveType('struct<country:string>', 'struct<country:string,city:string>')).toBe(
      'struct<country:string,city:string>',
    );
    expect(
      mergedHiveType('array<struct<sku:string,qty:int>>', 'array<struct<note:string,sku:string,qty:bigint>>'),
    ).toBe('array<struct<sku:string,qty:bigint,note:string>>');
  });

  it('keeps a type a narrower one fits in, and refuses a retype', () => {
    expect(mergedHiveType('bigint', 'int')).toBe('bigint');
    expect(mergedHiveType('struct<a:int,b:string>', 'struct<a:int>')).toBe('struct<a:int,b:string>');
    expect(mergedHiveType('string', 'timestamp')).toBeUndefined();
    expect(mergedHiveType('bigint', 'string')).toBeUndefined();
    expect(mergedHiveType('struct<a:int>', 'array<struct<a:int>>')).toBeUndefined();
    expect(mergedHiveType('struct<a:string>', 'struct<a:timestamp,b:int>')).toBeUndefined();
    expect(mergedHiveType('decimal(38,0)', 'decimal(38,2)')).toBeUndefined();
    expect(mergedHiveType('uniontype<int,string>', 'uniontype<int,string,double>')).toBeUndefined();
  });

  it('evolves a column list: new columns at the end, compatible types merged, the rest left as it is', () => {
    const table = [
      { Name: 'id', Type: 'int' },
      { Name: 'at', Type: 'string' },
      { Name: 'shipping', Type: 'struct<country:string>' },
    ];
    const wanted = [
      { Name: 'id', Type: 'bigint' },
      { Name: 'at', Type: 'timestamp' },
      { Name: 'shipping', Type: 'struct<country:string,city:string>' },
      { Name: 'coupon', Type: 'string' },
    ];
    expect(evolvedColumns(table, wanted)).toEqual([
      { Name: 'id', Type: 'bigint' },
      { Name: 'at', Type: 'string' },
      { Name: 'shipping', Type: 'struct<country:string,city:string>' },
      { Name: 'coupon', Type: 'string' },
    ]);
    expect(evolvedColumns(evolvedColumns(table, wanted)!, wanted)).toBeUndefined();
    expect(evolvedColumns(table, [{ Name: 'at', Type: 'timestamp' }])).toBeUndefined();
    expect(columnsSignature(table)).not.toBe(columnsSignature(evolvedColumns(table, wanted)));
  });
});
