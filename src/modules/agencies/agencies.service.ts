import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, In } from 'typeorm';
import { AuditService } from '../../core/audit/audit.service.js';
import { coversSystem, governsSystem, type Principal, systemScope } from '../../core/auth/principal.js';
import {
  type FieldError,
  ConflictError,
  ForbiddenError,
  InvalidInputError,
  NotFoundError,
} from '../../core/errors/domain-errors.js';
import { type Page, type PageQuery, paginate } from '../../core/pagination/page.js';
import { System } from '../organisations/index.js';
import { bandLineErrors } from '../time-bands/index.js';
import { AgencyContractLine } from './agency-contract-line.entity.js';
import { AgencyContract } from './agency-contract.entity.js';
import { Agency } from './agency.entity.js';
import type {
  AgencyContractView,
  AgencyView,
  CreateAgencyContractDto,
  CreateAgencyDto,
  ListAgencyContractsQuery,
} from './agencies.dto.js';

const agencyView = (agency: Agency): AgencyView => ({ id: agency.id, name: agency.name, createdAt: agency.createdAt });

/** Agencies and their contracts with systems (docs/rules.md sections 7 and 10). */
@Injectable()
export class AgenciesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async createAgency(input: CreateAgencyDto, actor: Principal): Promise<AgencyView> {
    return this.dataSource.transaction(async (manager) => {
      if (await manager.existsBy(Agency, { name: input.name }))
        throw new ConflictError(`An agency named ${input.name} already exists`);
      const created = agencyView(await manager.save(manager.create(Agency, { name: input.name })));
      await this.audit.record(manager, actor, 'agency.create', 'agency', created.id, null, created);
      return created;
    });
  }

  async listAgencies(page: PageQuery): Promise<Page<AgencyView>> {
    const query = this.dataSource.getRepository(Agency).createQueryBuilder('agency');
    const result = await paginate(query, page, 'name');
    return { items: result.items.map(agencyView), nextCursor: result.nextCursor };
  }

  async createContract(input: CreateAgencyContractDto, actor: Principal): Promise<AgencyContractView> {
    const errors: FieldError[] = [];
    if (input.validTo && input.validTo <= input.validFrom)
      errors.push({ field: 'validTo', message: 'must be after validFrom' });
    errors.push(...bandLineErrors(input.lines));
    input.lines.forEach((line, index) => {
      if (line.workerPayPence > line.chargeRatePence) {
        errors.push({ field: `lines[${index}].workerPayPence`, message: 'cannot exceed the charge' });
      }
    });
    if (errors.length > 0) throw new InvalidInputError('The contract is not valid', errors);

    return this.dataSource.transaction(async (manager) => {
      if (!coversSystem(actor, input.systemId) || !(await manager.existsBy(System, { id: input.systemId }))) {
        throw NotFoundError.of('system', input.systemId);
      }
      if (!governsSystem(actor, input.systemId))
        throw new ForbiddenError('Only a workforce lead of the whole system may add its contracts');
      if (!(await manager.existsBy(Agency, { id: input.agencyId }))) throw NotFoundError.of('agency', input.agencyId);
      const contract = await manager.save(
        manager.create(AgencyContract, {
          agencyId: input.agencyId,
          systemId: input.systemId,
          framework: input.framework,
          tier: input.tier,
          validFrom: input.validFrom,
          validTo: input.validTo ?? null,
          createdByKeyId: actor.keyId,
        }),
      );
      if (input.lines.length > 0) {
        await manager.insert(
          AgencyContractLine,
          input.lines.map((line) => ({ ...line, contractId: contract.id })),
        );
      }
      const created = (await this.views(manager, [contract]))[0]!;
      await this.audit.record(manager, actor, 'agency_contract.create', 'agency_contract', contract.id, null, created);
      return created;
    });
  }

  async listContracts(query: ListAgencyContractsQuery, actor: Principal): Promise<Page<AgencyContractView>> {
    const contracts = this.dataSource.getRepository(AgencyContract).createQueryBuilder('contract');
    const scope = systemScope(actor);
    if (scope) contracts.andWhere('contract.system_id = ANY(:scope)', { scope });
    if (query.systemId) contracts.andWhere('contract.system_id = :systemId', { systemId: query.systemId });
    if (query.agencyId) contracts.andWhere('contract.agency_id = :agencyId', { agencyId: query.agencyId });
    if (query.at) {
      contracts.andWhere('contract.valid_from <= :at AND (contract.valid_to IS NULL OR contract.valid_to > :at)', {
        at: query.at,
      });
    }
    const page = await paginate(contracts, query, 'id');
    return { items: await this.views(this.dataSource.manager, page.items), nextCursor: page.nextCursor };
  }

  async getContract(id: string, actor: Principal): Promise<AgencyContractView> {
    const contract = await this.dataSource.manager.findOneBy(AgencyContract, { id });
    if (!contract || !coversSystem(actor, contract.systemId)) throw NotFoundError.of('agency contract', id);
    return (await this.views(this.dataSource.manager, [contract]))[0]!;
  }

  private async views(manager: EntityManager, contracts: AgencyContract[]): Promise<AgencyContractView[]> {
    const lines =
      contracts.length === 0
        ? []
        : await manager.findBy(AgencyContractLine, { contractId: In(contracts.map((contract) => contract.id)) });
    return contracts.map((contract) => ({
      id: contract.id,
      agencyId: contract.agencyId,
      systemId: contract.systemId,
      framework: contract.framework,
      tier: contract.tier,
      validFrom: contract.validFrom,
      validTo: contract.validTo,
      createdAt: contract.createdAt,
      lines: lines
        .filter((line) => line.contractId === contract.id)
        .map((line) => ({
          staffGroup: line.staffGroup,
          grade: line.grade,
          band: line.band,
          chargeRatePence: line.chargeRatePence,
          workerPayPence: line.workerPayPence,
        })),
    }));
  }
}
